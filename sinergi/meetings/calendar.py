"""Meetings on a calendar: the month grid of a working group's calendar page, and iCalendar
(RFC 5545) documents for the private feeds and the invitations e-mailed to guests.

A meeting's times are entered, shown and written in its working group's zone (WIB, WITA or WIT,
`regions.models.time_zone_of`): the group pages run in that zone (`in_group_zone`), an event
carries its TZID and the calendar a VTIMEZONE for each, so a client elsewhere converts correctly.
An invitation is PUBLISHed; a change of time or place is a REQUEST with the same UID and a higher
SEQUENCE, and a cancellation a CANCEL (RFC 5546), so calendars replace what they hold.
"""

import calendar
import datetime
import logging
import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import wraps
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import formats, timezone, translation

from sinergi.regions.models import WIB, time_zone_of, zone_name

logger = logging.getLogger(__name__)

JAKARTA = WIB
# A meeting recorded without an end lasts this long in calendars.
DEFAULT_DURATION = datetime.timedelta(hours=1)
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def in_group_zone(view):
    """Run a view of a working group (its first argument after the request is the region code)
    in the group's time zone: forms read the times typed there, and templates and `|date` show
    times there. The zone follows from the code alone, before any access check."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        with timezone.override(time_zone_of(code)):
            return view(request, code, *args, **kwargs)

    return wrapper


def local_when(meeting) -> str:
    """ "Selasa, 3 November 2026, 09.00–12.00 WITA": the meeting's time in its group's zone, with
    the zone's name, in the active language."""
    zone = meeting.time_zone
    start = timezone.localtime(meeting.starts_at, zone)
    text = f"{formats.date_format(start, 'l, j F Y')}, {formats.time_format(start, 'H.i')}"
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at, zone)
        if end.date() == start.date():
            text += f"–{formats.time_format(end, 'H.i')}"
        else:
            text += f" – {formats.date_format(end, 'l, j F Y')}, {formats.time_format(end, 'H.i')}"
    return f"{text} {zone_name(zone)}"


def meeting_url(meeting) -> str:
    """The meeting's page, as a path in its Indonesian (plain) form."""
    with translation.override("id"):
        return meeting.get_absolute_url()


# --- the month grid ---------------------------------------------------------------------------


def parse_month(value: str | None, today: datetime.date) -> datetime.date | None:
    """The first day of the month written "YYYY-MM"; this month when `value` is empty; None when
    it is not a month."""
    if not value:
        return today.replace(day=1)
    match = MONTH_PATTERN.match(value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    meetings: list = field(default_factory=list)


def grid_bounds(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first Monday shown and the day after the last Sunday shown for the month."""
    start = first - datetime.timedelta(days=first.weekday())
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    end = last + datetime.timedelta(days=7 - last.weekday())
    return start, end


def local_range(start: datetime.date, end: datetime.date, zone=None):
    """Aware datetimes bounding the days from `start` up to `end` (excluded) in `zone` (the
    current time zone by default)."""
    zone = zone or timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time(), zone),
        datetime.datetime.combine(end, datetime.time(), zone),
    )


def month_weeks(first: datetime.date, meetings, today: datetime.date) -> list[list[Day]]:
    """The weeks (Monday first) covering the month of `first`, each day with its meetings in
    the order given, by their days in the current time zone."""
    start, end = grid_bounds(first)
    days = {}
    for offset in range((end - start).days):
        date = start + datetime.timedelta(days=offset)
        days[date] = Day(date, date.month == first.month, date == today)
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at).date()
        if local in days:
            days[local].meetings.append(meeting)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def weekday_names() -> list[tuple[str, str]]:
    """(full, short) names of the days, Monday first, in the active language."""
    monday = datetime.date(2024, 1, 1)
    return [
        (
            formats.date_format(monday + datetime.timedelta(days=i), "l"),
            formats.date_format(monday + datetime.timedelta(days=i), "D"),
        )
        for i in range(7)
    ]


# --- iCalendar --------------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "sinergi"


def _event(meeting, host: str, stamp: datetime.datetime) -> icalendar.Event:
    url = settings.SITE_URL + meeting_url(meeting)
    zone = meeting.time_zone
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone) if meeting.ends_at else None
    event = icalendar.Event()
    # Stable: a client updates the event it already has instead of adding a second one.
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated)
    event.add("dtstart", start)
    event.add("dtend", end or start + DEFAULT_DURATION)
    event.add("summary", meeting.title)
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    description = [meeting.working_group.name]
    if meeting.online_link:
        description.append(meeting.online_link)
    if meeting.agenda.strip():
        description += ["", meeting.agenda.strip()]
    description += ["", url]
    event.add("description", "\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _calendar(method: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Sinergi Pokja AMPL//Rapat//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def build_calendar(meetings, name: str, zone=WIB) -> bytes:
    """An iCalendar document (METHOD:PUBLISH) of `meetings` (with their working groups and
    regions loaded) named `name`; `zone` is the one a client shows it in when it asks (each
    event keeps its own)."""
    cal = _calendar("PUBLISH")
    # A text value, escaped as RFC 5545 says (a comma or a line break in a title).
    cal.add("x-wr-calname", icalendar.vText(name))
    cal.add("x-wr-timezone", zone.key)
    # Feeds are read every few hours; ask clients not to poll more often than that.
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    host, stamp = _host(), timezone.now()
    for meeting in meetings:
        try:
            event = _event(meeting, host, stamp)
        except (OverflowError, ValueError):
            # A time at the edge of the calendar (a year 1 or 9999 saved before the forms
            # refused it) has no Jakarta time or end: leave that meeting out, not the feed.
            logger.warning("Meeting %s left out of a calendar: its time overflows", meeting.pk)
            continue
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_calendar(meeting) -> bytes:
    """One meeting as an iCalendar document, for an invitation e-mail."""
    return build_calendar([meeting], meeting.title, meeting.time_zone)


def change_calendar(meeting, email: str) -> bytes:
    """The change of a meeting for the invitee at `email`: an updated invitation (REQUEST) or,
    for a cancelled meeting, its cancellation (CANCEL), with the meeting's SEQUENCE. RFC 5546
    asks for the organizer (Sinergi's sender address) and the attendee it is addressed to."""
    cal = _calendar("CANCEL" if meeting.is_cancelled else "REQUEST")
    event = _event(meeting, _host(), timezone.now())
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = icalendar.vCalAddress(f"mailto:{sender}")
    organizer.params["cn"] = icalendar.vText(meeting.working_group.name)
    event.add("organizer", organizer)
    event.add("attendee", icalendar.vCalAddress(f"mailto:{email}"))
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
