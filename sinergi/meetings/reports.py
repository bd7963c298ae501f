"""Printable reports of coordination work: a meeting's record (agenda, attendance, minutes,
decisions, action items) and a working group's activity in a quarter.

The PDFs are built with `sinergi.lib.pdf`, so they look like the handover pack. The agenda, the
minutes and the decisions are Markdown, rendered as on the meeting page; raw HTML in them is
shown, never interpreted. Everything else typed by users is set as plain text.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from sinergi.lib import pdf
from sinergi.lib.pdf import Paragraph
from sinergi.meetings.calendar import local_range
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.regions.models import time_zone_of, zone_name

PRESENT = Participant.Attendance.PRESENT


# --- the data ---------------------------------------------------------------------------------


def meetings_for_report(group):
    """The group's meetings with everything their report prints: four queries for one."""
    items = ActionItem.objects.select_related("owner_person", "owner_institution").order_by(
        "due_on", "pk"
    )
    return group.meetings.select_related("working_group__region").prefetch_related(
        Prefetch(
            "participants",
            Participant.objects.select_related("person__institution").order_by("pk"),
        ),
        Prefetch(
            "decisions",
            Decision.objects.order_by("number").prefetch_related(Prefetch("action_items", items)),
        ),
    )


def quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a quarter."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, following - datetime.timedelta(days=1)


@dataclass
class QuarterActivity:
    group: object
    year: int
    quarter: int
    start: datetime.date
    end: datetime.date
    # The day the counts of open items describe: the quarter's last day, or today within it.
    as_of: datetime.date
    meetings: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    invited: int = 0
    recorded: int = 0
    present: int = 0
    decisions: int = 0
    actions: dict = field(default_factory=dict)

    @property
    def attendance_rate(self) -> int | None:
        """Per cent of the invitees whose attendance was recorded who were present."""
        return round(100 * self.present / self.recorded) if self.recorded else None


def quarter_activity(group, year: int, quarter: int, today: datetime.date) -> QuarterActivity:
    """What the working group did in the quarter, in two queries: the meetings held (past, not
    cancelled) with their attendance and decisions, and the action items' counts."""
    start, end = quarter_dates(year, quarter)
    as_of = min(end, today)
    # The quarter's days in the group's own zone.
    zone = time_zone_of(group.region.code)
    begin, finish = local_range(start, end + datetime.timedelta(days=1), zone)
    report = QuarterActivity(group, year, quarter, start, end, as_of)
    attended = Q(participants__attendance=PRESENT)
    meetings = (
        group.meetings.filter(
            is_cancelled=False, starts_at__gte=begin, starts_at__lt=min(finish, timezone.now())
        )
        .annotate(
            invited=Count("participants", distinct=True),
            recorded=Count("participants", filter=~Q(participants__attendance=""), distinct=True),
            present=Count("participants", filter=attended, distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    report.meetings = list(meetings)
    kinds = dict.fromkeys(Meeting.Kind, 0)
    for meeting in report.meetings:
        kinds[meeting.kind] += 1
        report.invited += meeting.invited
        report.recorded += meeting.recorded
        report.present += meeting.present
        report.decisions += meeting.decision_count
    report.by_kind = [(kind.label, count) for kind, count in kinds.items() if count]

    done = Q(status=ActionItem.Status.DONE, closed_on__gte=start, closed_on__lte=end)
    still_open = Q(created__lt=local_range(as_of, as_of + datetime.timedelta(days=1), zone)[1]) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)
    )
    # Aggregate names must not shadow the fields they filter on ("created").
    counts = ActionItem.objects.filter(working_group=group).aggregate(
        n_created=Count("pk", filter=Q(created__gte=begin, created__lt=finish)),
        n_closed_on_time=Count("pk", filter=done & Q(closed_on__lte=F("due_on"))),
        n_closed_late=Count("pk", filter=done & Q(closed_on__gt=F("due_on"))),
        n_open=Count("pk", filter=still_open),
        n_overdue=Count("pk", filter=still_open & Q(due_on__lt=as_of)),
    )
    report.actions = {name.removeprefix("n_"): count for name, count in counts.items()}
    return report


# --- the PDFs ---------------------------------------------------------------------------------


def _table(blocks, header, rows, widths) -> Table:
    """A table with a header row repeated on every page, and a dash for empty cells."""
    cells = [[Paragraph(pdf.markup(text), blocks.styles["head"]) for text in header]]
    cells += [
        [blocks.paragraph(str(value) if value not in (None, "") else "—", "cell") for value in row]
        for row in rows
    ]
    table = Table(cells, colWidths=[pdf.WIDTH * w for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _local(moment, zone) -> str:
    local = timezone.localtime(moment, zone)
    time = formats.time_format(local, "H.i")
    return f"{formats.date_format(local, 'l, j F Y')}, {time} {zone_name(zone)}"


def _build(group, title, story, today, **options) -> bytes:
    footer = pdf.page_footer(group.name, today or timezone.localdate())
    return pdf.build_pdf(story, title=f"{title} · {group.name}", footer=footer, **options)


def build_meeting_pdf(meeting, *, today=None, invariant=False, compress=True) -> bytes:
    """The record of `meeting` (loaded through `meetings_for_report`) as an A4 PDF in the active
    language."""
    blocks = pdf.Blocks()
    group = meeting.working_group
    today = today or timezone.localdate()
    facts = [
        (_("When"), _local(meeting.starts_at, meeting.time_zone)),
        (_("Until"), _local(meeting.ends_at, meeting.time_zone) if meeting.ends_at else ""),
        (_("Place"), meeting.place),
        (_("Online meeting link"), meeting.online_link),
    ]
    story = [
        blocks.paragraph(meeting.title, "title"),
        blocks.paragraph(f"{meeting.get_kind_display()} · {group.name}", "subtitle"),
        Spacer(1, 2 * mm),
    ]
    if meeting.is_cancelled:
        story.append(blocks.paragraph(_("This meeting was cancelled."), "muted"))
    story += [blocks.facts(facts), blocks.heading(_("Agenda")), *blocks.markdown(meeting.agenda)]

    participants = list(meeting.participants.all())
    story.append(blocks.heading(_("Participants and attendance")))
    if participants:
        present = sum(p.attendance == PRESENT for p in participants)
        story.append(
            blocks.paragraph(
                _("%(present)s of %(invited)s invitees present.")
                % {"present": present, "invited": len(participants)}
            )
        )
        rows = [
            (
                i,
                p.name,
                (str(p.person.institution or "") if p.person_id else p.guest_institution),
                p.get_attendance_display(),
            )
            for i, p in enumerate(participants, 1)
        ]
        header = [_("No."), _("Name"), _("Institution"), _("Attendance")]
        story.append(_table(blocks, header, rows, [0.07, 0.38, 0.37, 0.18]))
    else:
        story.append(blocks.paragraph(_("Nothing recorded."), "muted"))

    story += [blocks.heading(_("Minutes")), *blocks.markdown(meeting.minutes)]
    if meeting.minutes_file:
        story.append(
            blocks.paragraph(_("The minutes are also kept as a file in Sinergi."), "muted")
        )

    decisions = list(meeting.decisions.all())
    story.append(blocks.heading(_("Decisions")))
    if not decisions:
        story.append(blocks.paragraph(_("Nothing recorded."), "muted"))
    for decision in decisions:
        story += blocks.markdown(decision.text, label=f"{decision.number}.")

    items = [item for decision in decisions for item in decision.action_items.all()]
    story.append(blocks.heading(_("Action items")))
    if items:
        rows = [
            (item.title, item.owner_name, blocks.date(item.due_on), _item_status(item, today))
            for item in items
        ]
        header = [_("Action"), _("Owner"), _("Due date"), _("Status")]
        story.append(_table(blocks, header, rows, [0.42, 0.26, 0.14, 0.18]))
    else:
        story.append(blocks.paragraph(_("Nothing recorded."), "muted"))
    options = {"invariant": invariant, "compress": compress}
    return _build(group, _("Meeting report"), story, today, **options)


def _item_status(item, today) -> str:
    if item.is_overdue(today):
        return _("Overdue")
    if item.closed_on:
        return _("%(status)s on %(date)s") % {
            "status": item.get_status_display(),
            "date": formats.date_format(item.closed_on, "DATE_FORMAT"),
        }
    return item.get_status_display()


def quarter_label(report) -> str:
    return _("Quarter %(quarter)s %(year)s") % {"quarter": report.quarter, "year": report.year}


def build_quarter_pdf(report, *, today=None, invariant=False, compress=True) -> bytes:
    """The activity report of a quarter (from `quarter_activity`) as an A4 PDF."""
    blocks = pdf.Blocks()
    group = report.group
    zone = time_zone_of(group.region.code)
    rate = report.attendance_rate
    period = _("%(start)s to %(end)s") % {
        "start": blocks.date(report.start),
        "end": blocks.date(report.end),
    }
    story = [
        blocks.paragraph(_("Activity report"), "title"),
        blocks.paragraph(f"{group.name} · {quarter_label(report)}", "subtitle"),
        Spacer(1, 2 * mm),
        blocks.paragraph(period, "muted"),
        blocks.heading(_("Meetings")),
        blocks.facts(
            [
                (_("Meetings held"), str(len(report.meetings))),
                (_("Attendance rate"), f"{rate}%" if rate is not None else ""),
                (_("Decisions taken"), str(report.decisions)),
            ]
        ),
    ]
    if report.by_kind:
        story.append(blocks.subheading(_("Meetings by kind")))
        story.append(_table(blocks, [_("Kind"), _("Meetings")], report.by_kind, [0.6, 0.2]))
    actions = report.actions
    story += [
        blocks.heading(_("Action items")),
        blocks.facts(
            [
                (_("Created in the quarter"), str(actions["created"])),
                (_("Closed on time"), str(actions["closed_on_time"])),
                (_("Closed late"), str(actions["closed_late"])),
                (_("Open on %(date)s") % {"date": blocks.date(report.as_of)}, str(actions["open"])),
                (
                    _("Overdue on %(date)s") % {"date": blocks.date(report.as_of)},
                    str(actions["overdue"]),
                ),
            ]
        ),
        blocks.heading(_("Meetings held")),
    ]
    if report.meetings:
        rows = [
            (
                blocks.date(timezone.localtime(m.starts_at, zone).date()),
                m.title,
                m.get_kind_display(),
                f"{m.present} / {m.invited}",
                m.decision_count,
            )
            for m in report.meetings
        ]
        header = [_("Date"), _("Meeting"), _("Kind"), _("Present / invited"), _("Decisions")]
        story.append(_table(blocks, header, rows, [0.16, 0.38, 0.18, 0.15, 0.13]))
    else:
        story.append(blocks.paragraph(_("No meeting was held in this quarter."), "muted"))
    options = {"invariant": invariant, "compress": compress}
    return _build(group, _("Activity report"), story, today, **options)
