"""Outgoing e-mail: a queue in the database, sent after the commit and outside the request.

Every e-mail Sinergi sends (invitations, password resets, reminders, meeting invitations, error
reports to ADMINS) goes through Django's mail API to `EMAIL_BACKEND`, which is `QueueBackend`:
the message becomes a row of django-mailer's queue in the same transaction as the work that
sent it, so a rolled-back change sends nothing and a mail server that refuses or never answers
cannot fail or hold the change. Once the transaction commits, the messages are sent after the
response (`sinergi.lib.deferred`), through `MAILER_EMAIL_BACKEND` (SMTP, with `EMAIL_TIMEOUT` on
the connection). A message that cannot be sent stays in the queue, deferred: the
`send_queued_mail` command, run every few minutes by a timer, tries deferred messages again
(up to `MAIL_MAX_RETRIES` times) and exits non-zero when a message failed in its run, so the
operator sees it (systemd marks the unit failed; the admin's "Mailer" pages list the queue and
the log of every attempt).

Every failed send is also counted: `counting_failures()` around a command's work gives the
number, which `send_reminders` turns into a non-zero exit status. Code that sends through a
direct backend (tests, or an operator who sets EMAIL_BACKEND to SMTP) keeps its own retry, and
calls `failed()` itself.
"""

import contextvars
import logging
import smtplib
from contextlib import contextmanager

from django.db import transaction
from mailer.backend import DbBackend

from sinergi.lib.deferred import after_response

logger = logging.getLogger(__name__)

_failures: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "mail_failures", default=None
)


def failed() -> None:
    """Note one e-mail that could not be sent (outside `counting_failures()`, nothing)."""
    count = _failures.get()
    if count is not None:
        count[0] += 1


@contextmanager
def counting_failures():
    """`with counting_failures() as failures:` … `failures[0]` is the number of failed sends."""
    count = [0]
    token = _failures.set(count)
    try:
        yield count
    finally:
        _failures.reset(token)


class QueueBackend(DbBackend):
    """django-mailer's queue, sent once the transaction that queued the messages commits."""

    def send_messages(self, email_messages):
        from mailer.models import Message

        messages = Message.objects.bulk_create([Message(email=email) for email in email_messages])
        ids = [message.pk for message in messages]
        transaction.on_commit(lambda: after_response(send_queued, ids))
        return len(messages)


def send_queued(ids=None) -> dict:
    """Send the queued messages (those with `ids`, or every one that is not deferred) and
    return `{"sent": n, "failed": n}`. A message that fails is deferred, logged and counted."""
    from mailer import engine
    from mailer.models import Message

    queue = Message.objects.non_deferred()
    if ids is not None:
        queue = queue.filter(pk__in=ids)
    pending = set(queue.values_list("pk", flat=True))
    if not pending:  # django-mailer sends the whole queue when given an empty one
        return {"sent": 0, "failed": 0}
    engine.send_all(Message.objects.filter(pk__in=pending))
    left = Message.objects.filter(pk__in=pending).count()
    return {"sent": len(pending) - left, "failed": left}


def retry_deferred() -> int:
    """Put the deferred messages that have retries left back in the queue; their number."""
    from mailer.models import Message

    return Message.objects.retry_deferred()


def on_delivery_failure(connection, message, error):
    """django-mailer's MAILER_ERROR_HANDLER: any failure of the mail server or the network
    defers the message (the next run tries it again), logs one line and counts it. Anything
    else is a bug and is raised."""
    from mailer.models import RESULT_FAILURE, MessageLog

    if not isinstance(error, (smtplib.SMTPException, OSError)):
        raise error
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=str(error))
    logger.error(
        "E-mail %r to %s could not be sent (%s); it stays queued for the next try.",
        message.subject,
        ", ".join(message.to_addresses),
        error,
    )
    failed()
    return None, "deferred"  # a new connection for the next message
