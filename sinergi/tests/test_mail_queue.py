"""The outgoing mail queue (issue 19, item 1): an e-mail is queued with the work that sends it
and sent after the commit, outside the request; a mail server that refuses or never answers
neither fails nor holds the request, the message stays queued, `send_queued_mail` tries it again
and exits non-zero while it fails."""

import socket
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from mailer.models import Message, MessageLog

from sinergi.lib import deferred
from sinergi.pokja.actions import do_invite
from sinergi.pokja.models import Invitation
from sinergi.test import BaseTestCase, add_member

QUEUE = "sinergi.lib.mail.QueueBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once closed: connections are refused


def smtp(port, **extra):
    return override_settings(
        EMAIL_BACKEND=QUEUE,
        MAILER_EMAIL_BACKEND=SMTP,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=1,
        **extra,
    )


@pytest.fixture
def world(db):
    BaseTestCase.setUpTestData.__func__(BaseTestCase)
    dadang = add_member(BaseTestCase.bandung_group, "Dadang Suherman", email="dadang@example.org")
    return BaseTestCase, dadang


def invite(client, world):
    personas, dadang = world
    client.force_login(personas.regency)
    return client.post(f"/pokja/32.04/anggota/{dadang.pk}/undang/", {"kind": "member"})


@pytest.mark.django_db(transaction=True)
def test_a_refused_mail_server_leaves_the_invitation_made_and_the_mail_queued(client, world):
    with smtp(closed_port()):
        response = invite(client, world)
        assert response.status_code == 302
        assert Invitation.objects.count() == 1  # the change is kept
        queued = Message.objects.get()
        assert queued.to_addresses == ["dadang@example.org"]
        assert Message.objects.deferred().count() == 1  # tried after the commit, deferred
        assert MessageLog.objects.get().result == "3"  # a failure, with its reason
        with pytest.raises(CommandError, match="1 e-mail"):
            call_command("send_queued_mail", stdout=StringIO())

    with override_settings(EMAIL_BACKEND=QUEUE, MAILER_EMAIL_BACKEND=LOCMEM):
        out = StringIO()
        call_command("send_queued_mail", stdout=out)  # the server is back: it goes out
    assert "sent: 1, failed: 0" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["dadang@example.org"]]
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_is_met_after_the_response(client, world):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections, never says a word
    connected_during_request = []
    real_connect = socket.create_connection

    def connect(address, *args, **kwargs):
        if address[1] == listener.getsockname()[1]:
            connected_during_request.append(deferred._queue.get() is not None)
        return real_connect(address, *args, **kwargs)

    try:
        with smtp(listener.getsockname()[1]), mock.patch("socket.create_connection", connect):
            response = invite(client, world)
            client.logout()
            reset = client.post("/akun/sandi/lupa/", {"email": world[0].regency.email})
    finally:
        listener.close()
    assert response.status_code == 302
    assert reset.status_code == 302
    # Both e-mails met the silent server only once their pages had answered.
    assert connected_during_request == [False, False]
    assert Message.objects.deferred().count() == 2


@pytest.mark.django_db(transaction=True)
def test_work_that_is_rolled_back_sends_nothing(world):
    personas, dadang = world
    with (
        override_settings(EMAIL_BACKEND=QUEUE, MAILER_EMAIL_BACKEND=LOCMEM),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        do_invite(dadang.person, personas.bandung_group, "member", None, "http://x")
        raise RuntimeError("the change fails after the e-mail was written")
    assert not Message.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_mail_run_fails_while_a_queued_mail_fails(world):
    personas, dadang = world
    with smtp(closed_port()):
        do_invite(dadang.person, personas.bandung_group, "member", None, "http://x")
        with pytest.raises(CommandError, match="could not be sent"):
            call_command("send_queued_mail", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_counts_the_queued_mails_that_failed():
    from sinergi.meetings.tests.base import CoordinationTestCase

    CoordinationTestCase.setUpTestData.__func__(CoordinationTestCase)
    with smtp(closed_port()), pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders", stdout=StringIO())
    assert Message.objects.deferred().exists()  # kept for send_queued_mail to try again
