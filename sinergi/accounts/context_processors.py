from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The number of unread notifications, for the page header (signed-in users only). One
    query, and only when a template shows it (not for fragments and pages without the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = user.notifications.filter(read_at__isnull=True)
    return {"unread_notifications": SimpleLazyObject(unread.count)}
