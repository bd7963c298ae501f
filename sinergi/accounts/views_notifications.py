from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sinergi.accounts.models import Notification


def notifications(request):
    page = Paginator(request.user.notifications.all(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@require_POST
def read_notification(request, pk):
    # Another user's notification is as absent as one that never existed.
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect("notifications:notifications")
    # Links are stored in their Indonesian form; a reader of the English pages stays in English.
    language = translation.get_language()
    with translation.override("id"):
        return redirect(translate_url(url, language))


@require_POST
def read_all_notifications(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:notifications")
