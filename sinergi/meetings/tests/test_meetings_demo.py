"""The demo meetings and action items, on the demo data of the other apps."""

import pytest
from django.utils import timezone

from sinergi.meetings.models import ActionItem, Meeting

MEMBER = "anggota.kabbandung@demo.sinergi.test"


@pytest.mark.django_db(transaction=True)
def test_demo_has_every_kind_of_item_and_runs_twice_without_duplicates(demo):
    from sinergi.meetings import demo as meetings_demo

    meetings_demo.load_demo()  # once more if load_demo already ran it: nothing changes
    assert Meeting.objects.count() == 7
    assert ActionItem.objects.count() == 10
    assert meetings_demo.load_demo() == {"meetings": 0, "action_items": 0}
    assert (Meeting.objects.count(), ActionItem.objects.count()) == (7, 10)

    today = timezone.localdate()
    bandung = ActionItem.objects.filter(working_group__region__code="32.04")
    done = list(bandung.filter(status=ActionItem.Status.DONE))
    assert any(item.closed_on_time for item in done)
    assert any(item.closed_on_time is False for item in done)
    assert bandung.overdue(today).exists()
    assert bandung.filter(status=ActionItem.Status.DROPPED).exclude(closing_note="").exists()
    assert bandung.filter(activity__isnull=False).exists()
    assert bandung.filter(programme__isnull=False).exists()
    assert bandung.filter(indicator__isnull=False).exists()
    assert ActionItem.objects.open().filter(owner_person__user__email=MEMBER).exists()

    meetings = Meeting.objects.filter(working_group__region__code="32.04")
    assert meetings.filter(starts_at__gt=timezone.now()).count() == 2
    for meeting in meetings.filter(starts_at__lt=timezone.now()):
        assert meeting.minutes
        assert meeting.participants.exclude(attendance="").exists()
        assert meeting.decisions.exists()
