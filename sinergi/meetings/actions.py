"""Writes of coordination work that touch several rows or tell people: scheduling a meeting
with its invitees, changing the invitees, recording attendance, saving and closing action
items. Invitees and owners hear of it through `reminders`, after the write commits."""

import datetime
import logging

from django.db import transaction
from django.db.models import Max

from sinergi.lib.deferred import after_response
from sinergi.meetings import reminders
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant

logger = logging.getLogger(__name__)

# The fields whose change moves a meeting: its invitees get an updated invitation.
MOVES = {"starts_at", "ends_at", "place", "online_link"}


def _after_commit(announce, what):
    """Run `announce()` once the write commits and, in a request, after its response has been
    sent: a slow or silent mail server never holds the page. The write stands whatever happens
    there: a failure is logged, never the caller's error, and the daily `send_reminders` run
    sends what was missed (it collects the invitations and reminders not yet sent)."""

    def run():
        try:
            announce()
        except Exception:
            logger.exception("Announcing %s failed; the daily run tries again", what)

    transaction.on_commit(lambda: after_response(run))


def _announce_meeting(meeting):
    _after_commit(lambda: reminders.announce_meeting(meeting), f"meeting {meeting.pk}")


def _announce_change(meeting):
    """Tell those invited that `meeting` moved or was cancelled (once: this change's sequence)."""
    _after_commit(
        lambda: reminders.announce_meeting(meeting, changed=True), f"change of meeting {meeting.pk}"
    )


def _announce_action(item):
    _after_commit(lambda: reminders.announce_action(item), f"action item {item.pk}")


@transaction.atomic
def do_schedule_meeting(form, people, guests, actor) -> Meeting:
    """Save a new meeting (a valid MeetingForm), invite `people` (Person) and `guests`
    (unsaved guest Participants), and announce it."""
    meeting = form.save(commit=False)
    meeting.created_by = actor
    meeting.save()
    form.save_m2m()
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, person=person) for person in people]
        + [_guest(meeting, guest) for guest in guests]
    )
    _announce_meeting(meeting)
    return meeting


@transaction.atomic
def do_update_meeting(form, people=None, guests=(), cancelled=None) -> Meeting:
    """Save a valid MeetingForm of an existing meeting, with its programmes and work plans.
    `people`, when given, is the whole list of roster invitees; `guests` are added; a
    `cancelled` of True or False sets the meeting's cancellation. A change of time or place, or
    of the cancellation, raises the meeting's `sequence` and reaches those already invited."""
    changed = bool(MOVES & set(form.changed_data))
    meeting = form.save(commit=False)
    if cancelled is not None and cancelled != meeting.is_cancelled:
        meeting.is_cancelled = cancelled
        changed = True
    if changed:
        meeting.sequence += 1
    meeting.save()
    form.save_m2m()
    if changed:
        _announce_change(meeting)
    if people is not None or guests:
        if people is None:  # only guests added: the roster invitees stay
            invited = meeting.participants.filter(person__isnull=False).select_related("person")
            people = [participant.person for participant in invited]
        do_update_invitees(meeting, people, guests)
    return meeting


@transaction.atomic
def do_cancel_meeting(meeting) -> bool:
    """Cancel `meeting` and send its cancellation to those invited; False when it already was
    (the row is locked, so two clicks at once cancel it, and tell, once)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_cancelled:
        return False
    meeting.is_cancelled = True
    meeting.sequence = locked.sequence + 1
    meeting.save(update_fields=["is_cancelled", "sequence", "updated"])
    _announce_change(meeting)
    return True


def _guest(meeting, guest: Participant) -> Participant:
    guest.meeting = meeting
    return guest


@transaction.atomic
def do_update_invitees(meeting, people, guests, dropped_guests=()) -> tuple[int, int]:
    """Invite exactly `people` of the roster (others invited before are taken off the list), add
    `guests`, remove `dropped_guests`. Announces the meeting when someone was added. Returns
    (added, removed)."""
    chosen = {person.pk for person in people}
    invited = set(
        meeting.participants.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    removed = 0
    gone = list(invited - chosen)
    for participant in meeting.participants.filter(person__in=gone):
        participant.delete()
        removed += 1
    for participant in meeting.participants.filter(
        person__isnull=True, pk__in=[g.pk for g in dropped_guests]
    ):
        participant.delete()
        removed += 1
    added = [Participant(meeting=meeting, person=p) for p in people if p.pk not in invited]
    added += [_guest(meeting, guest) for guest in guests]
    Participant.objects.bulk_create(added)
    if added:
        _announce_meeting(meeting)
    return len(added), removed


@transaction.atomic
def do_record_attendance(meeting, changes: dict[int, str], attendance_file=None) -> int:
    """Set the attendance of the participants in `changes` (participant id → value) and, when
    given, the signed attendance list. Each row is saved on its own so that the change history
    names it; a meeting has tens of participants, not thousands."""
    participants = meeting.participants.filter(pk__in=changes)
    for participant in participants:
        participant.attendance = changes[participant.pk]
        participant.save(update_fields=["attendance"])
    if attendance_file:
        meeting.attendance_file = attendance_file
        meeting.save(update_fields=["attendance_file", "updated"])
    return len(participants)


def next_decision_number(meeting) -> int:
    """The number a new decision of `meeting` gets unless another is chosen: one more than
    the highest so far (numbers removed from the middle are not reused)."""
    highest = Decision.objects.filter(meeting=meeting).aggregate(highest=Max("number"))
    return (highest["highest"] or 0) + 1


@transaction.atomic
def do_save_decision(form) -> Decision:
    """Save a valid DecisionForm: a new decision (its number defaults to
    next_decision_number()) or a change. The page and the API both save decisions here."""
    return form.save()


@transaction.atomic
def do_save_action_item(form, actor) -> ActionItem:
    """Save a valid ActionItemForm; the owner hears of a new item, or of one passed to them."""
    new = form.instance.pk is None
    if new:
        form.instance.created_by = actor
    item = form.save()
    if new or {"owner_person", "owner_institution"} & set(form.changed_data):
        _announce_action(item)
    return item


@transaction.atomic
def do_close_action_item(item, status, note, day: datetime.date) -> ActionItem:
    """Close an open item as done or dropped on `day`, with a note."""
    item.status = status
    item.closing_note = note.strip()
    item.closed_on = day
    item.save(update_fields=["status", "closing_note", "closed_on"])
    return item


@transaction.atomic
def do_reopen_action_item(item) -> ActionItem:
    """Open a closed item again (closed by mistake, or the work turned out unfinished); the
    change history keeps when and how it had been closed."""
    item.status = ActionItem.Status.OPEN
    item.closing_note = ""
    item.closed_on = None
    item.save(update_fields=["status", "closing_note", "closed_on"])
    return item
