"""Counting the e-mails that could not be sent.

Every place that sends an e-mail and survives its failure (it logs it, leaves the event to be
tried again on the next run, and goes on with the other recipients) calls `failed()`. A command
that sends many, such as `send_reminders`, runs its work inside `counting_failures()` and exits
with a non-zero status when the count is above zero, so that cron or systemd shows the operator
that something was left unsent. The SMTP connection has a timeout (`EMAIL_TIMEOUT`), so a mail
server that accepts and never answers costs seconds, not the whole run.
"""

import contextvars
from contextlib import contextmanager

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
