"""Shared bases of the meetings tests. No tests here.

`MeetingTestCase` (meeting and action-item pages): meetings and action items in Kabupaten
Bandung (and one in Kabupaten Kupang). Roster of 32.04: Siti (the member persona's person), Asep
(the secretariat persona's person), Dadang (no account), all from the Bappeda. Kupang has Yakobus.

`CoordinationTestCase` (calendar, reminder, report and API tests): in Kabupaten Bandung (32.04)
Siti, Asep and Dadang (no account, with an e-mail address). A coming meeting invites the three
and two guests, one with an e-mail address; a past meeting has attendance, minutes, decisions and
action items. Kupang (53.01) has a meeting of its own.
"""

import datetime

from django.test import override_settings
from django.utils import timezone

from sinergi.meetings.calendar import JAKARTA
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.test import BaseTestCase, add_member

# Meeting and action-item pages.

D = datetime.date.fromisoformat
PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def at(days=0, hour=9):
    """A moment `days` from today, at `hour` o'clock local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_meeting(group, title, days=-7, **fields):
    return Meeting.objects.create(
        working_group=group,
        kind=fields.pop("kind", Meeting.Kind.COORDINATION),
        title=title,
        starts_at=at(days),
        ends_at=at(days, 12),
        place=fields.pop("place", "Ruang rapat Bappeda"),
        **fields,
    )


def make_item(group, title, owner=None, due_days=7, **fields):
    return ActionItem.objects.create(
        working_group=group,
        title=title,
        owner_person=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=due_days),
        **fields,
    )


class MeetingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        group = cls.bandung_group
        cls.siti = add_member(group, "Siti Rahmawati", institution=cls.bappeda).person
        cls.siti.user = cls.member
        cls.siti.save(update_fields=["user"])
        cls.asep = add_member(group, "Asep Hidayat", "sekretaris", institution=cls.bappeda).person
        cls.asep.user = cls.regency
        cls.asep.save(update_fields=["user"])
        cls.dadang = add_member(group, "Dadang Suherman", institution=cls.bappeda).person
        cls.yakobus = add_member(cls.kupang_group, "Yakobus Tefa").person

        cls.meeting = make_meeting(group, "Rapat koordinasi triwulan I")
        for person in (cls.siti, cls.asep, cls.dadang):
            Participant.objects.create(meeting=cls.meeting, person=person)
        Participant.objects.create(
            meeting=cls.meeting, guest_name="Pak Ujang", guest_institution="KSM Cinunuk"
        )
        cls.decision = Decision.objects.create(
            meeting=cls.meeting, number=1, text="Verifikasi desa ODF di Cileunyi."
        )
        cls.item = make_item(group, "Jadwalkan verifikasi ODF", cls.siti, decision=cls.decision)
        cls.kupang_meeting = make_meeting(cls.kupang_group, "Rapat Pokja Kupang")
        cls.kupang_item = make_item(cls.kupang_group, "Tindak lanjut Kupang", cls.yakobus)


# Calendar, reminders, reports and the API.

P = Participant.Attendance


def jakarta(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), JAKARTA)


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def meeting(group, title, starts_at, hours=3, **fields):
    return Meeting.objects.create(
        working_group=group,
        kind=fields.pop("kind", Meeting.Kind.COORDINATION),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours) if hours else None,
        place=fields.pop("place", "Ruang Rapat Bappeda"),
        **fields,
    )


def item(group, title, owner, due_on, **fields):
    return ActionItem.objects.create(
        working_group=group, title=title, owner_person=owner, due_on=due_on, **fields
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class CoordinationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        group = cls.bandung_group
        cls.siti = add_member(group, "Siti Rahmawati", institution=cls.bappeda).person
        cls.asep = add_member(group, "Asep Hidayat", "sekretaris", institution=cls.bappeda).person
        for person, user in [(cls.siti, cls.member), (cls.asep, cls.regency)]:
            person.user = user
            person.save(update_fields=["user"])
        cls.dadang = add_member(group, "Dadang Suherman", email="dadang@example.org").person

        cls.coming = meeting(
            group,
            "Rapat koordinasi SANIMAS",
            jakarta(days_from_today(10), 9),
            agenda="1. Pembukaan\n2. Kemajuan SANIMAS Cinunuk",
            online_link="https://meet.example.org/pokja-bandung",
        )
        for person in (cls.siti, cls.asep, cls.dadang):
            Participant.objects.create(meeting=cls.coming, person=person)
        cls.guest = Participant.objects.create(
            meeting=cls.coming,
            guest_name="Budi Santoso",
            guest_institution="Pamsimas",
            guest_email="budi@example.org",
        )
        Participant.objects.create(meeting=cls.coming, guest_name="Pak Ujang")

        cls.past = meeting(
            group,
            "Rapat evaluasi STBM",
            jakarta(days_from_today(-20), 13, 30),
            kind=Meeting.Kind.MONITORING_VISIT,
            agenda="Evaluasi pilar STBM",
            minutes="Rapat dibuka pukul 13.30.\n<b>Tidak tebal</b> <script>alert(1)</script>",
        )
        for person, attendance in [(cls.siti, P.PRESENT), (cls.asep, P.PRESENT)]:
            Participant.objects.create(meeting=cls.past, person=person, attendance=attendance)
        Participant.objects.create(meeting=cls.past, person=cls.dadang, attendance=P.EXCUSED)
        cls.decision = Decision.objects.create(
            meeting=cls.past, number=1, text="Verifikasi desa ODF di Cileunyi."
        )
        cls.action = item(
            group,
            "Jadwalkan verifikasi ODF",
            cls.siti,
            days_from_today(30),
            decision=cls.decision,
        )
        cls.kupang_meeting = meeting(
            cls.kupang_group, "Rapat Pokja Kupang", jakarta(days_from_today(5), 10)
        )
