"""Notifications of coordination work, and the collector of the daily `send_reminders` command.

- An invitation: each invitee of a coming meeting with an account hears of it once, in the app
  and (unless they chose in-app only) by e-mail; an invitee without an account who has an
  e-mail address gets one plain e-mail with the meeting as an .ics attachment, recorded in
  `Participant.notified`.
- A change of a coming meeting's time or place, or its cancellation (a new `Meeting.sequence`):
  each invitee who was already invited hears of it once, by e-mail with an updated invitation or
  a cancellation (.ics, same UID, that SEQUENCE), and in the app when they have an account. It is
  sent when the change commits; a failed e-mail is logged, not sent again.
- A new action item: its owner's account hears of it once.
- An open action item due within three days, and one that is overdue: its owner hears of it
  once per due date, so that a moved due date reminds again.

The meeting actions call `announce_meeting` and `announce_action` when they save; the daily
collector sends what those missed (a failed e-mail, a meeting imported without them). Every
message has a key, so running any of them again sends nothing new. Texts are Indonesian, like
the portal's scheduled work.
"""

import datetime
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import notify, wants_in_app_only
from sinergi.lib import mail
from sinergi.meetings.calendar import change_calendar, local_when, meeting_calendar, meeting_url
from sinergi.meetings.models import ActionItem, Meeting, Participant

logger = logging.getLogger(__name__)

Kind = Notification.Kind
# Counted by the collector beside the notification kinds: invitations e-mailed to people
# without an account (no in-app notification).
GUEST_INVITATION = "meeting_invitation_guest"
# Counted by announce_change: invitees told of a moved or cancelled meeting.
MEETING_CHANGE = "meeting_change"
DUE_SOON_DAYS = 3
# Messages sent per run and kind; the rest wait for the next day.
BATCH = 2000


def invitation_key(meeting_id, user_id) -> str:
    return f"meeting-invite:{meeting_id}:{user_id}"


def _key_expression(prefix: str, *parts):
    """The SQL twin of an f-string key: `prefix` then `parts` joined by ":"."""
    pieces = [Value(prefix)]
    for i, part in enumerate(parts):
        if i:
            pieces.append(Value(":"))
        pieces.append(Cast(part, CharField()))
    return Concat(*pieces, output_field=CharField())


def _not_yet_told(prefix: str, user, *parts) -> Q:
    """A filter for rows whose owner (`user`, a path to a user id) has no notification with the
    key `prefix` + `parts`: reads only the events still to tell, through the unique (user, key)
    index, so a daily run costs the same whatever the history."""
    told = Notification.objects.filter(
        user=OuterRef(user), key=_key_expression(prefix, *[OuterRef(p) for p in parts])
    )
    return ~Q(Exists(told))


def _context(meeting) -> dict:
    start = timezone.localtime(meeting.starts_at, meeting.time_zone)
    return {
        "title": meeting.title,
        "group": meeting.working_group.name,
        "date": formats.date_format(start, "j F Y"),
    }


def invitation_texts(meeting) -> tuple[str, str]:
    """The title and body of an invitation, in the active language."""
    context = _context(meeting)
    title = _("Invitation: %(title)s, %(date)s") % context
    lines = [_("%(group)s invites you to: %(title)s.") % context, ""]
    return title, "\n".join(lines + _details(meeting))


def change_texts(meeting) -> tuple[str, str]:
    """The title and body telling an invitee that the meeting moved or was cancelled."""
    context = _context(meeting)
    if meeting.is_cancelled:
        title = _("Cancelled: %(title)s, %(date)s") % context
        intro = _("%(group)s has cancelled: %(title)s.") % context
        return title, "\n".join(
            [intro, "", _("It was to be held: %(when)s") % {"when": local_when(meeting)}]
        )
    title = _("Changed: %(title)s, %(date)s") % context
    intro = _("%(group)s has changed the time or place of: %(title)s.") % context
    return title, "\n".join([intro, "", *_details(meeting)])


def _details(meeting) -> list[str]:
    lines = [_("When: %(when)s") % {"when": local_when(meeting)}]
    if meeting.place:
        lines.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    if meeting.agenda.strip():
        lines += ["", _("Agenda:"), meeting.agenda.strip()]
    return lines


def _pending_invitations(participants):
    """Participants of coming, not cancelled meetings who were not invited yet: those with an
    active account and no invitation notification, and those without an account who have an
    e-mail address and were not e-mailed. One query."""
    without_account = Q(person__isnull=True, guest_email__gt="") | Q(
        person__isnull=False, person__user__isnull=True, person__email__gt=""
    )
    with_account = Q(person__user__is_active=True) & _not_yet_told(
        "meeting-invite:", "person__user", "meeting_id", "person__user_id"
    )
    return (
        participants.filter(meeting__is_cancelled=False, meeting__starts_at__gt=timezone.now())
        .filter(with_account | (without_account & Q(notified__isnull=True)))
        .select_related("meeting__working_group__region", "person__user")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )


def _invite(participants) -> Counter:
    """Invite `participants` (from `_pending_invitations`), computing each meeting's texts
    once."""
    by_meeting = defaultdict(list)
    for participant in participants:
        by_meeting[participant.meeting].append(participant)
    counts = Counter()
    with translation.override("id"):
        for meeting, invitees in by_meeting.items():
            try:
                title, body = invitation_texts(meeting)
                url = meeting_url(meeting)
            except (OverflowError, ValueError):  # a time at the edge of the calendar
                logger.exception("Invitations of meeting %s not sent", meeting.pk)
                continue
            for participant in invitees:
                user = participant.person.user if participant.person_id else None
                if user is not None:
                    key = invitation_key(meeting.pk, user.pk)
                    if notify(user, Kind.MEETING_INVITATION, key, title, body, url):
                        counts[Kind.MEETING_INVITATION] += 1
                elif _email_guest(participant, title, body, url):
                    counts[GUEST_INVITATION] += 1
    return counts


def _email_guest(participant, title, body, url) -> bool:
    """One plain e-mail with the meeting as an .ics file to an invitee without an account.
    `notified` is claimed first with a conditional update, so two runs at once cannot both send;
    if the e-mail fails, the claim is undone and the next run tries again."""
    claimed = Participant.objects.filter(pk=participant.pk, notified__isnull=True).update(
        notified=timezone.now()
    )
    if not claimed:
        return False
    meeting = participant.meeting
    try:
        _send(participant.name, participant.email, title, body, url, meeting, "PUBLISH")
    except Exception:  # smtplib's OSErrors, and anything building the message or the .ics
        logger.exception("Invitation of participant %s not sent", participant.pk)
        mail.failed()
        Participant.objects.filter(pk=participant.pk).update(notified=None)
        return False
    return True


def _send(name, address, title, body, url, meeting, method):
    """One plain e-mail to `address` with the meeting as an .ics file: the invitation (PUBLISH),
    or its change (REQUEST or CANCEL, addressed to that attendee)."""
    greeting = _("Dear %(name)s,") % {"name": name}
    outro = _("The meeting in Sinergi (for members of the working group):")
    text = f"{greeting}\n\n{body}\n\n{outro}\n{settings.SITE_URL}{url}\n"
    ics = meeting_calendar(meeting) if method == "PUBLISH" else change_calendar(meeting, address)
    message = EmailMessage(" ".join(title.split()), text, None, [address])
    message.attach(f"rapat-{meeting.pk}.ics", ics, f"text/calendar; method={method}")
    message.send()


def change_key(meeting, user_id) -> str:
    return f"meeting-change:{meeting.pk}:{meeting.sequence}:{user_id}"


def _already_invited(meeting, participants) -> list:
    """The participants who were told of the meeting before: e-mailed (`notified`), or, with an
    account, holding its invitation notification."""
    users = [p.person.user_id for p in participants if p.person_id and p.person.user_id]
    keys = [invitation_key(meeting.pk, user_id) for user_id in users]
    told = set(Notification.objects.filter(key__in=keys).values_list("user_id", flat=True))
    return [p for p in participants if p.notified or (p.person_id and p.person.user_id in told)]


def _tell_of_change(participant, meeting, title, body, url) -> bool:
    """Tell one invitee of the change: an account holder in the app, once per SEQUENCE (its
    key), and by e-mail unless they chose in-app only; others by e-mail."""
    user = participant.person.user if participant.person_id else None
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    if user is not None:
        if not user.is_active:
            return False
        kind = Kind.MEETING_INVITATION
        if not notify(user, kind, change_key(meeting, user.pk), title, body, url, email=False):
            return False
        address = "" if wants_in_app_only(user, kind) else user.email
    else:
        address = participant.email
    if address:
        try:
            _send(participant.name, address, title, body, url, meeting, method)
        except Exception:  # as in _email_guest
            logger.exception("Change of meeting %s not sent to %s", meeting.pk, participant.pk)
            mail.failed()
            return False
    return True


def announce_change(meeting) -> Counter:
    """Tell each invitee already invited to `meeting` that its time or place changed or that it
    was cancelled (its `sequence` names the change); nothing for a past meeting. Called once
    per change, on commit."""
    counts = Counter()
    meeting = Meeting.objects.select_related("working_group__region").get(pk=meeting.pk)
    if meeting.is_past:
        return counts
    participants = list(meeting.participants.select_related("person__user").order_by("pk"))
    with translation.override("id"):
        title, body = change_texts(meeting)
        url = meeting_url(meeting)
        for participant in _already_invited(meeting, participants):
            participant.meeting = meeting
            if _tell_of_change(participant, meeting, title, body, url):
                counts[MEETING_CHANGE] += 1
    return counts


def announce_meeting(meeting, changed=False) -> Counter:
    """Tell every invitee of `meeting` who was not told yet; nothing for a cancelled or past
    meeting. With `changed` (its time or place changed, or it was cancelled), first tell those
    invited before (`announce_change`). Call it after the meeting or its invitees are saved (on
    commit)."""
    counts = announce_change(meeting) if changed else Counter()
    return counts + _invite(_pending_invitations(Participant.objects.filter(meeting=meeting)))


def _action_texts(item, kind) -> tuple[str, str]:
    context = {
        "title": item.title,
        "group": item.working_group.name,
        "date": formats.date_format(item.due_on, "j F Y"),
    }
    if kind == Kind.ACTION_NEW:
        title = _("New action item for you: %(title)s") % context
        intro = _("%(group)s gave you an action item, due on %(date)s.") % context
    elif kind == Kind.ACTION_DUE:
        title = _("Action item due on %(date)s: %(title)s") % context
        intro = _("Your action item for %(group)s is due on %(date)s.") % context
    else:
        title = _("Action item overdue: %(title)s") % context
        intro = (
            _(
                "Your action item for %(group)s was due on %(date)s and is still open. Record "
                "its progress, or ask the secretariat for a new due date."
            )
            % context
        )
    lines = [intro, "", item.title]
    if item.description.strip():
        lines += ["", item.description.strip()]
    return title, "\n".join(lines)


def _tell_owner(item, kind, key) -> bool:
    title, body = _action_texts(item, kind)
    url = reverse("meetings:action_item", args=[item.working_group.region.code, item.pk])
    return notify(item.owner_person.user, kind, key, title, body, url) is not None


def announce_action(item) -> Counter:
    """Tell the owner of a new open action item, once; an item owned by an institution only,
    or by a person without an account, tells nobody."""
    counts = Counter()
    if item.status != ActionItem.Status.OPEN or not item.owner_person_id:
        return counts
    item = ActionItem.objects.select_related("working_group__region", "owner_person__user").get(
        pk=item.pk
    )
    user = item.owner_person.user
    if user is None or not user.is_active:
        return counts
    with translation.override("id"):
        if _tell_owner(item, Kind.ACTION_NEW, f"action-new:{item.pk}:{user.pk}"):
            counts[Kind.ACTION_NEW] += 1
    return counts


def _open_items_to_tell(prefix, **filters):
    """Open action items matching `filters` whose owner's account was not told under the key
    `prefix` + item + due date. One query."""
    return (
        ActionItem.objects.open()
        .filter(owner_person__user__is_active=True, **filters)
        .filter(_not_yet_told(prefix, "owner_person__user", "pk", "due_on"))
        .select_related("working_group__region", "owner_person__user")
        .order_by("due_on", "pk")[:BATCH]
    )


def collect_coordination_reminders(day: datetime.date) -> Counter:
    """send_reminders collector: invitations not yet sent for coming meetings, open action items
    due from `day` to three days later, and overdue ones; returns the number of new messages by
    kind. Reads take three queries whatever the number of meetings and items; each message is
    then one notify()."""
    counts = _invite(_pending_invitations(Participant.objects.all())[:BATCH])
    soon = day + datetime.timedelta(days=DUE_SOON_DAYS)
    with translation.override("id"):
        for kind, prefix, filters in [
            (Kind.ACTION_DUE, "action-due:", {"due_on__gte": day, "due_on__lte": soon}),
            (Kind.ACTION_OVERDUE, "action-overdue:", {"due_on__lt": day}),
        ]:
            for item in _open_items_to_tell(prefix, **filters):
                key = f"{prefix}{item.pk}:{item.due_on.isoformat()}"
                if _tell_owner(item, kind, key):
                    counts[kind] += 1
    return counts
