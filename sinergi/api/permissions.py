from rest_framework.permissions import SAFE_METHODS, BasePermission

from sinergi.pokja.access import can_edit, can_view


class WorkingGroupScope(BasePermission):
    """Object access through pokja.access: read in scope, write only by the group's editors.

    The view's queryset is already limited with `visible_to`, so an outsider gets 404 before
    this runs; a reader who tries to write gets 403.
    """

    def has_object_permission(self, request, view, obj):
        group = view.working_group_of(obj)
        if request.method in SAFE_METHODS:
            return can_view(request.user, group)
        return can_edit(request.user, group)
