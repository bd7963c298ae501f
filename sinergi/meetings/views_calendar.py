"""A working group's meetings on a calendar, the private iCalendar feeds, and the printable
reports: a meeting's record and the group's activity in a quarter."""

import datetime
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sinergi.lib.downloads import attachment
from sinergi.meetings import calendar, reports
from sinergi.meetings.calendar import in_group_zone
from sinergi.meetings.models import CalendarFeed, Meeting
from sinergi.pokja.access import can_view, get_group_for_user, own_groups_filter, visible_filter
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import WIB, time_zone_of, zone_name

PAGE_SIZE = 50
# A personal feed starts this long ago, so the past few months stay in the calendar.
FEED_HISTORY = datetime.timedelta(days=90)
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _month_link(first: datetime.date) -> str:
    return first.strftime("%Y-%m")


@require_safe
@in_group_zone
def month(request, code):
    group, can_edit = get_group_for_user(request, code)
    today = timezone.localdate()
    first = calendar.parse_month(request.GET.get("bulan"), today)
    bad_month = first is None
    if bad_month:
        first = today.replace(day=1)
    start, end = calendar.local_range(*calendar.grid_bounds(first))
    meetings = group.meetings.filter(starts_at__gte=start, starts_at__lt=end).order_by(
        "starts_at", "pk"
    )
    context = {
        "group": group,
        "can_edit": can_edit,
        "first": first,
        "bad_month": bad_month,
        "weeks": calendar.month_weeks(first, meetings, today),
        "weekdays": calendar.weekday_names(),
        "previous": _month_link(calendar.shift_month(first, -1)),
        "next": _month_link(calendar.shift_month(first, 1)),
        "this_month": _month_link(today),
        "zone_name": zone_name(timezone.get_current_timezone()),
    }
    return render(
        request, "meetings/calendar_month.html", context, status=400 if bad_month else 200
    )


@require_safe
@in_group_zone
def upcoming(request, code):
    group, can_edit = get_group_for_user(request, code)
    now = timezone.now()
    # A meeting under way is still coming up for whoever looks for its link.
    meetings = group.meetings.filter(
        Q(ends_at__gte=now)
        | Q(ends_at__isnull=True, starts_at__gte=now - calendar.DEFAULT_DURATION)
    ).order_by("starts_at", "pk")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"group": group, "can_edit": can_edit, "page": page}
    return render(request, "meetings/calendar_upcoming.html", context)


# --- private feeds ----------------------------------------------------------------------------


def _feed_groups(user):
    """The working groups a user may have a feed of on the feeds page: those of their roles."""
    return (
        WorkingGroup.objects.filter(own_groups_filter(user))
        .select_related("region")
        .order_by("region__code")
    )


def _address(token: str) -> str:
    """The feed's address under the public SITE_URL, in its plain (Indonesian) form."""
    with translation.override("id"):
        return settings.SITE_URL + reverse("meetings:calendar_feed", args=[token])


def _feeds_page(request, new=None, token=""):
    """The user's feeds; the address of `new`, just made, is shown this once (the database
    keeps only its hash)."""
    live = {
        feed.working_group_id: feed
        for feed in CalendarFeed.objects.filter(user=request.user, revoked__isnull=True)
    }
    groups = list(_feed_groups(request.user))
    rows = [(group, live.get(group.pk)) for group in groups]
    # A feed of a group reached through the province or nation (no role) is listed too.
    known = {group.pk for group in groups}
    others = WorkingGroup.objects.filter(
        pk__in=[pk for pk in live if pk is not None and pk not in known]
    ).select_related("region")
    rows += [(group, live[group.pk]) for group in others]
    for feed in live.values():
        feed.address = _address(token) if new is not None and feed.pk == new.pk else ""
    context = {"personal": live.get(None), "rows": rows, "new": new}
    return render(request, "meetings/feed_list.html", context)


@require_safe
def feeds(request):
    return _feeds_page(request)


@require_POST
def create_feed(request):
    """A new address for the user's feed, or for a group's: an existing one stops working. The
    page is answered here, not after a redirect, so the address is never stored to be shown."""
    code = request.POST.get("pokja", "")
    group = get_group_for_user(request, code)[0] if code else None
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            CalendarFeed.objects.filter(
                user=request.user, working_group=group, revoked__isnull=True
            ).update(revoked=timezone.now())
            feed = CalendarFeed.objects.create(
                user=request.user, working_group=group, token_hash=CalendarFeed.hash_token(token)
            )
    except IntegrityError:
        # A second click at the same moment made the other new address, shown by that answer.
        messages.info(request, _("A new calendar address was just made in another window."))
        return redirect("meetings:calendar_feeds")
    messages.success(
        request,
        _("The calendar address is ready. Copy it into your calendar now: it is shown only once."),
    )
    return _feeds_page(request, feed, token)


@require_POST
def revoke_feed(request, pk):
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user, revoked__isnull=True)
    feed.revoked = timezone.now()
    feed.save(update_fields=["revoked"])
    messages.success(request, _("The calendar address no longer works."))
    return redirect("meetings:calendar_feeds")


def _feed_meetings(feed):
    """The meetings of the feed, as its owner may read them today: those of the feed's group,
    or, for the personal feed, those of the groups where they hold a role and those they are
    invited to, of the groups whose pages they may read."""
    meetings = Meeting.objects.select_related("working_group__region").order_by("starts_at", "pk")
    if feed.working_group_id:
        return meetings.filter(working_group=feed.working_group_id)
    user = feed.user
    since = timezone.now() - FEED_HISTORY
    mine = Q(working_group__in=WorkingGroup.objects.filter(own_groups_filter(user))) | Q(
        participants__person__user=user
    )
    readable = Q(working_group__in=WorkingGroup.objects.filter(visible_filter(user)))
    ids = Meeting.objects.filter(mine, readable, starts_at__gte=since).values("pk")
    return meetings.filter(pk__in=ids)


@login_not_required
@require_safe
def feed(request, token):
    """The iCalendar feed behind a private address; 404 once revoked, or when its owner can no
    longer read the working group. The owner's scope is computed now, at every request."""
    feed = (
        CalendarFeed.objects.filter(
            token_hash=CalendarFeed.hash_token(token), revoked__isnull=True, user__is_active=True
        )
        .select_related("user", "working_group__region")
        .first()
    )
    if feed is None:
        raise Http404
    group = feed.working_group
    if group is not None and not can_view(feed.user, group):
        raise Http404
    name = group.name if group else _("Meetings of %(name)s") % {"name": feed.user}
    zone = time_zone_of(group.region.code) if group else WIB
    response = HttpResponse(
        calendar.build_calendar(_feed_meetings(feed), name, zone), content_type=ICS_CONTENT_TYPE
    )
    attachment(response, "rapat.ics", inline=True)
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- reports ----------------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type="application/pdf"), filename, inline=True)


@require_safe
@in_group_zone
def meeting_report(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    meeting = get_object_or_404(reports.meetings_for_report(group), pk=pk)
    return _pdf(reports.build_meeting_pdf(meeting), f"rapat-{meeting.pk}.pdf")


def _quarter(request, today):
    """The year and quarter asked for (this quarter by default), and whether the request named
    one that does not exist."""
    current = (today.year, (today.month - 1) // 3 + 1)
    year, quarter = request.GET.get("tahun"), request.GET.get("triwulan")
    if year is None and quarter is None:
        return current, False
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        return current, True
    if not (2000 <= year <= today.year + 1 and 1 <= quarter <= 4):
        return current, True
    return (year, quarter), False


@require_safe
@in_group_zone
def quarter_report(request, code, fmt="html"):
    group, can_edit = get_group_for_user(request, code)
    today = timezone.localdate()
    (year, quarter), bad_quarter = _quarter(request, today)
    report = reports.quarter_activity(group, year, quarter, today)
    if fmt == "pdf":
        if bad_quarter:
            raise Http404
        return _pdf(reports.build_quarter_pdf(report), f"laporan-kegiatan-{year}-tw{quarter}.pdf")
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    context = {
        "group": group,
        "can_edit": can_edit,
        "report": report,
        "bad_quarter": bad_quarter,
        "previous": previous,
        "following": following if following[0] <= today.year + 1 else None,
        "years": range(today.year + 1, 1999, -1)[:10],
        "quarters": range(1, 5),
    }
    status = 400 if bad_quarter else 200
    return render(request, "meetings/report_quarter.html", context, status=status)
