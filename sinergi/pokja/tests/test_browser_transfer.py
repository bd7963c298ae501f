"""Issue 15, acceptance: the transfer (mutasi) of the Kabupaten Bandung secretary, in Debian's
chromium. The secretary ends their own membership two weeks ahead, names and invites the
successor in the handover, keeps access until the last day; the successor accepts, signs in on
their first day and is in the next decree's draft; and on no day is the group without a
secretariat.

The server's clock is moved by patching `django.utils.timezone.now`, which every date of
Sinergi derives from (`timezone.localdate()` included); the live server runs in this process.
"""

import datetime
import io
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.pokja.access import (
    handover_leaves_no_secretariat,
    is_last_secretariat,
    scope_of,
    secretariat_after,
)
from sinergi.pokja.models import Handover, Membership, WorkingGroup

WIB = ZoneInfo("Asia/Jakarta")
# The demo's decree of Kabupaten Bandung runs to 31 December 2026: at the start of December it
# is expiring, and the next one starts on 1 January.
START = datetime.date(2026, 12, 1)
LAST_DAY = START + datetime.timedelta(days=14)
FIRST_DAY = LAST_DAY + datetime.timedelta(days=1)
PASSWORD = "demo-sinergi"
SUCCESSOR, SUCCESSOR_EMAIL = "Rudi Hartono, S.T.", "rudi.hartono@bandungkab.go.id"


class Clock:
    """`timezone.now()` at 09.00 WIB of a chosen day, running on from there."""

    def __init__(self, day):
        self.real_now = timezone.now
        self.set(day)

    def set(self, day):
        start = datetime.datetime.combine(day, datetime.time(9), WIB)
        self.offset = start - self.real_now()

    def now(self):
        return self.real_now() + self.offset


@pytest.fixture
def clock():
    clock = Clock(START)
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock


def new_page(page):
    """A page of a fresh browser context: another person at another computer."""
    other = page.context.browser.new_page()
    other.set_default_timeout(15_000)
    return other


def sign_in(page, base, email, password=PASSWORD):
    page.goto(base + "/en/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/en/dasbor/")


def status(page, url) -> int:
    """The status of a GET of `url` with the page's cookies (its session)."""
    return page.request.get(url, max_redirects=0).status


def has_secretariat(group, day) -> bool:
    """An active account holds the group's secretariat role in force on `day`."""
    return secretariat_after(group, day)


def can_edit(email, group) -> bool:
    return scope_of(User.objects.get(email=email)).can_edit(group)


@pytest.mark.browser
def test_the_secretary_hands_over_without_the_group_ever_lacking_a_secretariat(
    clock, live_server, demo, page
):
    base = live_server.url
    group = WorkingGroup.objects.select_related("region").get(region__code="32.04")
    secretary = Membership.objects.get(
        working_group=group, person__full_name__startswith="Asep Hidayat", ended_on=None
    )
    asep = "kabbandung@demo.sinergi.test"
    assert has_secretariat(group, START)
    # Asep holds the only secretariat access: the page must say so before anything is saved.
    assert is_last_secretariat(secretary, LAST_DAY)

    # 1. On 1 December the secretary ends their own membership by transfer, two weeks ahead.
    sign_in(page, base, asep)
    page.goto(base + "/en/pokja/32.04/anggota/")
    row = page.get_by_role("row").filter(has_text="Asep Hidayat")
    row.get_by_role("link", name="End", exact=True).click()
    assert page.get_by_text("holds the only secretariat access").is_visible()
    page.get_by_label("Last day in office").fill(LAST_DAY.isoformat())
    page.get_by_label("Reason for leaving").select_option("mutasi")
    page.get_by_role("button", name="End the membership").click()
    page.wait_for_url(f"{base}/en/pokja/32.04/serah-terima/*/")
    assert page.get_by_text("name a successor and invite them").first.is_visible()
    handover = Handover.objects.get(leaving=secretary)
    secretary.refresh_from_db()
    assert secretary.ended_on == LAST_DAY
    # Still the secretariat today; the page warns of the gap after the last day.
    assert can_edit(asep, group) and has_secretariat(group, START)
    assert handover_leaves_no_secretariat(handover)
    assert status(page, base + "/en/pokja/32.04/ruang-kerja/") == 200

    # 2. In the same handover step: name the successor, who starts the day after, and invite them.
    page.get_by_label("What the successor must know").fill(
        "Usulan DAK Sanitasi 2027 menunggu verifikasi Bappeda; arsip SK di lemari sekretariat."
    )
    page.get_by_role("button", name="Save the notes").click()
    assert page.get_by_text("The handover notes have been saved").is_visible()
    page.get_by_label("Or a new person: full name").fill(SUCCESSOR)
    page.get_by_label("E-mail:", exact=True).fill(SUCCESSOR_EMAIL)
    assert page.get_by_label("Start date").input_value()  # the day after the last day
    page.get_by_label("Invite with the same access role").check()
    mail.outbox.clear()
    page.get_by_role("button", name="Name the successor").click()
    assert page.get_by_text(f"{SUCCESSOR} takes over").is_visible()
    handover.refresh_from_db()
    assert handover.successor.person.full_name == SUCCESSOR
    assert handover.successor.started_on == FIRST_DAY
    assert can_edit(asep, group) and has_secretariat(group, START)
    (invitation,) = [m for m in mail.outbox if SUCCESSOR_EMAIL in m.to]
    link = re.search(r"/undangan/[^/\s]+/", invitation.body).group(0)

    # 3. The next day the successor accepts the invitation, before their first day.
    clock.set(START + datetime.timedelta(days=1))
    successor_page = new_page(page)
    successor_page.goto(base + "/en" + link)
    successor_page.get_by_label("New password:", exact=True).fill("Sanitasi-Bandung-2027")
    successor_page.get_by_label("New password confirmation").fill("Sanitasi-Bandung-2027")
    successor_page.get_by_role("button", name="Create my account").click()
    # Not a "page not found": the dashboard, saying when the group opens to them.
    successor_page.wait_for_url(base + "/en/dasbor/")
    day = f"{FIRST_DAY.day} December {FIRST_DAY.year}"
    assert successor_page.get_by_text(f"Kabupaten Bandung starts on {day}").is_visible()
    # From now on, every day has a secretariat: Asep to the last day, the successor after.
    for offset in range(60):
        day = START + datetime.timedelta(days=offset)
        assert has_secretariat(group, day), day
    assert not handover_leaves_no_secretariat(handover)
    assert not can_edit(SUCCESSOR_EMAIL, group)  # not before the first day

    # 4. On the last day the secretary still runs the group; the successor does not yet.
    clock.set(LAST_DAY)
    leaver_page = new_page(page)
    sign_in(leaver_page, base, asep)
    assert status(leaver_page, base + "/en/pokja/32.04/ruang-kerja/") == 200
    assert status(leaver_page, base + "/en/pokja/32.04/anggota/tambah/") == 200
    assert can_edit(asep, group) and has_secretariat(group, LAST_DAY)
    early_page = new_page(page)
    sign_in(early_page, base, SUCCESSOR_EMAIL, "Sanitasi-Bandung-2027")
    assert status(early_page, base + "/en/pokja/32.04/ruang-kerja/") == 404

    # 5. On the first day the successor signs in and finds the group; the leaver's role is over.
    clock.set(FIRST_DAY)
    first_day_page = new_page(page)
    sign_in(first_day_page, base, SUCCESSOR_EMAIL, "Sanitasi-Bandung-2027")
    first_day_page.get_by_role("link", name="Pokja AMPL Kabupaten Bandung").click()
    first_day_page.wait_for_url(base + "/en/pokja/32.04/ruang-kerja/")
    assert first_day_page.get_by_role("link", name="Edit the profile").is_visible()
    assert can_edit(SUCCESSOR_EMAIL, group) and not can_edit(asep, group)
    assert has_secretariat(group, FIRST_DAY)
    assert status(leaver_page, base + "/en/pokja/32.04/ruang-kerja/") == 404

    # 6. The draft of the next decree (2027: the one in force is expiring) lists the successor
    # in the secretary's place, not Asep.
    draft = first_day_page.request.get(base + "/pokja/32.04/sk/rancangan.pdf")
    assert draft.status == 200
    reader = pypdf.PdfReader(io.BytesIO(draft.body()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "KABUPATEN BANDUNG TAHUN 2027" in text
    assert "Sekretaris Rudi Hartono, S.T." in text
    assert "Asep Hidayat" not in text
    assert "Komunikasi/kam panye" not in text  # the field column breaks after the slash
