"""Meetings and action items in Kabupaten Bandung (and one in Kabupaten Kupang) for the tests
of the meeting and action-item pages. No tests here: the shared base only.

Roster of 32.04: Siti (the member persona's person), Asep (the secretariat persona's person),
Dadang (no account), all from the Bappeda. Kupang has Yakobus.
"""

import datetime

from django.utils import timezone

from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.test import BaseTestCase, add_member

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
