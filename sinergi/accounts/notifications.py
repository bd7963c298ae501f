"""The one way to tell a user something: `notify()` records an in-app notification and, when
wanted, e-mails it, once per event.

Scheduled reminders (the `send_reminders` command and its collectors) and actions that need to
tell someone call it. Each user's choice of e-mail or in-app only, per kind
(`NotificationPreference`), is applied here, so that no caller has to know it.
"""

import contextvars
import logging
from collections import defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sinergi.accounts.models import Notification, NotificationPreference
from sinergi.lib import mail

logger = logging.getLogger(__name__)


def notify(user, kind, key, title, body="", url="", email=True) -> Notification | None:
    """Notify `user` of the event `key`, unless they already were: then return None and send
    nothing. `title` and `body` are final text (Indonesian for scheduled work), `url` a path on
    this site. With `email`, the notification is also e-mailed; if the e-mail cannot be sent,
    nothing is recorded, so the next run tries again. A user who chose in-app only for `kind`
    gets no e-mail."""
    if email and wants_in_app_only(user, kind):
        email = False
    try:
        with transaction.atomic():
            # The unique (user, key) constraint decides, even for two runs at once.
            notification = Notification.objects.create(
                user=user, kind=kind, key=key, title=title, body=body, url=url
            )
            if email:
                send_notification_email(notification)
    except IntegrityError:
        return None
    except OSError:  # smtplib's errors are OSErrors
        logger.exception("Notification %r to user %s not sent", key, user.pk)
        mail.failed()
        return None
    return notification


# {user id: kinds wanted in the app only}, while `preferences_loaded()` is active.
_in_app_only = contextvars.ContextVar("in_app_only", default=None)


@contextmanager
def preferences_loaded():
    """Within this block notify() reads every user's choices from one query made here, not
    one per message: the daily command wraps its collectors in it."""
    table = defaultdict(set)
    for user_id, kind in NotificationPreference.objects.filter(email=False).values_list(
        "user_id", "kind"
    ):
        table[user_id].add(kind)
    token = _in_app_only.set(table)
    try:
        yield
    finally:
        _in_app_only.reset(token)


def wants_in_app_only(user, kind) -> bool:
    table = _in_app_only.get()
    if table is not None:
        return kind in table.get(user.pk, ())
    return NotificationPreference.objects.filter(user=user, kind=kind, email=False).exists()


def send_notification_email(notification):
    """E-mail a notification in Indonesian, with its link under the public SITE_URL."""
    with translation.override("id"):
        context = {
            "notification": notification,
            "name": notification.user.get_full_name(),
            "link": settings.SITE_URL + notification.url if notification.url else "",
            "inbox": settings.SITE_URL + reverse("notifications:notifications"),
        }
        send_mail(
            # A header line: a title can never smuggle in another header.
            " ".join(notification.title.split()),
            render_to_string("accounts/email/notification.txt", context),
            None,
            [notification.user.email],
        )
