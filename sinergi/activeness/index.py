"""The activeness index (indeks keaktifan) of the working groups of provinces and kabupaten/kota.

A Pokja brings its benefits only when it is active in three roles: coordination, communication
and advocacy, monitoring and evaluation. The index gives 0–100 points from the evidence Sinergi
holds of those roles, in eight components weighted by `WEIGHTS` (see docs/activeness.md).

- `collect(today)` reads the evidence of every group with a fixed number of queries, aggregated
  in the database by group or by region-code prefix, never group by group;
- `evidence(today)` is the same from the shared cache (`lib/cache.py`), dropped when any data it
  counts changes, and recomputed at least every `REFRESH_SECONDS` (its windows end "now");
- `score()` turns one group's evidence into points, `explain()` into the words and links of its
  breakdown. Only counts are kept: no names, nothing private.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sinergi.decrees.models import LegalStatus, legal_status, with_legal_status
from sinergi.facilities.models import Facility
from sinergi.lib.cache import cached
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.monitoring.models import DataValue
from sinergi.news.models import Post
from sinergi.planning.models import StrategicPlan
from sinergi.pokja.core import REGIONAL_CORE, roles_filled_by
from sinergi.pokja.models import Institution, Membership, Role, WorkingGroup
from sinergi.regions.models import Region

# The points of each component; they add up to 100. Change them here and in docs/activeness.md.
WEIGHTS = {
    # coordination
    "decree": 15,
    "core": 10,
    "plan": 10,
    "meetings": 15,
    "actions": 10,
    # communication and advocacy
    "posts": 15,
    # monitoring and evaluation
    "data": 15,
    "facilities": 10,
}
ROLES = {
    "coordination": ("decree", "core", "plan", "meetings", "actions"),
    "communication": ("posts",),
    "monitoring": ("data", "facilities"),
}
MEETINGS_FOR_FULL = 3  # held in the last 90 days: about one a month
POSTS_FOR_FULL = 3  # published in the last 12 months
INDICATORS_FOR_FULL = 5  # indicators with a value for one of the DATA_YEARS
# Values count for last year or the year before: BPS publishes the Susenas figures of a year
# during the next, so in the first half of a year last year's values rarely exist yet.
DATA_YEARS = 2
# The share of its points a component gives when there is nothing to measure: no action item
# was due, or the region has no registered facility. Neither a reward nor a penalty.
NEUTRAL = 0.5

MEETING_WINDOW = datetime.timedelta(days=90)
YEAR_WINDOW = datetime.timedelta(days=365)

# The topics of the shared cache whose data the evidence counts (lib/cache.py): groups, decrees,
# rosters and roles; plans; meetings and action items; posts; values; facilities.
TOPICS = ("groups", "plans", "meetings", "content", "values", "facilities")
# A meeting counts once it has started, without any write: the evidence of a day is recomputed
# at least this often.
REFRESH_SECONDS = 60 * 60

LABELS = {
    "decree": gettext_lazy("Valid decree"),
    "core": gettext_lazy("Core institutions in the roster"),
    "plan": gettext_lazy("Strategic plan adopted"),
    "meetings": gettext_lazy("Meetings in the last 90 days"),
    "actions": gettext_lazy("Action items done on time"),
    "posts": gettext_lazy("News and advocacy posts"),
    "data": gettext_lazy("Monitoring data of the last two years"),
    "facilities": gettext_lazy("Facilities inspected"),
}
SHORT_LABELS = {
    "decree": gettext_lazy("Decree"),
    "core": gettext_lazy("Core institutions"),
    "plan": gettext_lazy("Plan"),
    "meetings": gettext_lazy("Meetings"),
    "actions": gettext_lazy("Action items"),
    "posts": gettext_lazy("Posts"),
    "data": gettext_lazy("Data"),
    "facilities": gettext_lazy("Facilities"),
}
ROLE_LABELS = {
    "coordination": gettext_lazy("Coordination"),
    "communication": gettext_lazy("Communication and advocacy"),
    "monitoring": gettext_lazy("Monitoring and evaluation"),
}
ROLE_OF = {key: role for role, keys in ROLES.items() for key in keys}


@dataclass
class Evidence:
    """What Sinergi holds of one working group's activity on a day: counts and dates only."""

    group_id: int
    code: str
    name: str
    level: int
    region_name: str
    province_code: str
    province_name: str
    is_demo: bool
    status: str  # a LegalStatus value
    decree_until: datetime.date | None
    today: datetime.date
    core_filled: frozenset = frozenset()
    # "current": an adopted plan covering this year or later; "document": an uploaded plan
    # document; "ended": only adopted plans that have ended; "": none.
    plan: str = ""
    plan_years: tuple[int, int] | None = None
    meetings: int = 0
    actions_due: int = 0
    actions_on_time: int = 0
    posts: int = 0
    indicators: int = 0
    facilities: int = 0
    facilities_inspected: int = 0

    @property
    def data_years(self) -> tuple[int, int]:
        """The first and last year whose values count."""
        return self.today.year - DATA_YEARS, self.today.year - 1


@dataclass
class Component:
    key: str
    weight: int
    points: float
    evidence: str
    next_step: str
    url: str | None

    @property
    def label(self):
        return LABELS[self.key]

    @property
    def role(self):
        return ROLE_LABELS[ROLE_OF[self.key]]

    @property
    def is_full(self) -> bool:
        return self.points >= self.weight


@dataclass
class GroupIndex:
    evidence: Evidence
    points: dict[str, float]
    total: int
    rank: int = 0
    roles: dict[str, float] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.evidence.code

    @property
    def name(self) -> str:
        return self.evidence.name

    @property
    def cells(self) -> list[float]:
        """The points of the components in the order of WEIGHTS, for tables."""
        return [self.points[key] for key in WEIGHTS]

    def components(self) -> list[Component]:
        """The breakdown, in the active language, with the page where to act."""
        return [
            Component(
                key, WEIGHTS[key], self.points[key], *explain(self.evidence, key, self.points)
            )
            for key in WEIGHTS
        ]


def _one_decimal(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _share(part: int, whole: int, *, neutral_when_empty: bool) -> float:
    if whole == 0:
        return NEUTRAL if neutral_when_empty else 0.0
    return min(part, whole) / whole


def score(ev: Evidence) -> dict[str, float]:
    """The points of each component, with one decimal."""
    if ev.plan in ("current", "document"):
        plan = 1.0
    elif ev.plan == "ended":
        plan = 0.5
    else:
        plan = 0.0
    shares = {
        "decree": 1.0 if ev.status in LegalStatus.valid() else 0.0,
        "core": len(ev.core_filled) / len(REGIONAL_CORE),
        "plan": plan,
        "meetings": min(ev.meetings, MEETINGS_FOR_FULL) / MEETINGS_FOR_FULL,
        "actions": _share(ev.actions_on_time, ev.actions_due, neutral_when_empty=True),
        "posts": min(ev.posts, POSTS_FOR_FULL) / POSTS_FOR_FULL,
        "data": min(ev.indicators, INDICATORS_FOR_FULL) / INDICATORS_FOR_FULL,
        "facilities": _share(ev.facilities_inspected, ev.facilities, neutral_when_empty=True),
    }
    return {key: _one_decimal(WEIGHTS[key] * shares[key]) for key in WEIGHTS}


def index_of(ev: Evidence) -> GroupIndex:
    points = score(ev)
    total = int(Decimal(str(sum(points.values()))).quantize(Decimal("1"), ROUND_HALF_UP))
    roles = {role: _one_decimal(sum(points[k] for k in keys)) for role, keys in ROLES.items()}
    return GroupIndex(ev, points, total, roles=roles)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _now(today: datetime.date) -> datetime.datetime:
    """The moment that counts as "now" on `today`: the present, or the end of a past day."""
    if today == timezone.localdate():
        return timezone.now()
    return _day_start(today + datetime.timedelta(days=1))


def collect(today: datetime.date | None = None) -> dict[int, Evidence]:
    """The evidence of every working group of a province or kabupaten/kota on `today`, by group
    id, in at most nine queries whatever the number of groups, meetings, values or facilities."""
    today = today or timezone.localdate()
    now = _now(today)
    year_ago = today - YEAR_WINDOW

    groups = with_legal_status(
        WorkingGroup.objects.filter(
            region__level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]
        ).select_related("region__parent"),
        today,
    )
    result = {}
    for group in groups:
        region = group.region
        province = region if region.level == Region.Level.PROVINCE else region.parent
        result[group.pk] = Evidence(
            group_id=group.pk,
            code=region.code,
            name=group.name,
            level=region.level,
            region_name=region.name,
            province_code=region.code[:2],
            province_name=province.name,
            is_demo=group.is_demo,
            status=str(legal_status(group, today)),
            decree_until=group.decrees_valid_until if group.has_valid_decree else None,
            today=today,
            plan="document" if group.strategic_plan_file else "",
        )

    filled = defaultdict(set)
    institutions = (
        Membership.objects.active_on(today)
        .filter(institution__isnull=False)
        .values_list("working_group_id", "institution__core_role", "institution__category")
        .distinct()
        .order_by()
    )
    for group_id, core_role, category in institutions:
        filled[group_id] |= roles_filled_by(Institution(core_role=core_role, category=category))
    for group_id, roles in filled.items():
        if group_id in result:
            result[group_id].core_filled = frozenset(roles) & frozenset(REGIONAL_CORE)

    plans = StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).values_list(
        "working_group_id", "start_year", "end_year"
    )
    for group_id, start, end in plans.order_by("start_year"):
        ev = result.get(group_id)
        if ev is None:
            continue
        if end >= today.year:
            ev.plan, ev.plan_years = "current", (start, end)
        elif ev.plan == "":
            ev.plan, ev.plan_years = "ended", (start, end)
        elif ev.plan == "ended":
            ev.plan_years = (start, end)

    meetings = (
        Meeting.objects.filter(
            is_cancelled=False,
            starts_at__gte=_day_start(today - MEETING_WINDOW),
            starts_at__lt=now,
        )
        .values("working_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in meetings:
        if row["working_group_id"] in result:
            result[row["working_group_id"]].meetings = row["n"]

    actions = (
        ActionItem.objects.filter(due_on__gte=year_ago, due_on__lte=today)
        .exclude(status=ActionItem.Status.DROPPED)
        .values("working_group_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk", filter=Q(status=ActionItem.Status.DONE, closed_on__lte=F("due_on"))
            ),
        )
        .order_by()
    )
    for row in actions:
        ev = result.get(row["working_group_id"])
        if ev is not None:
            ev.actions_due, ev.actions_on_time = row["due"], row["on_time"]

    posts = (
        Post.objects.filter(published_at__gte=_day_start(year_ago), published_at__lte=now)
        .values("working_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in posts:
        if row["working_group_id"] in result:
            result[row["working_group_id"]].posts = row["n"]

    # Values the group itself entered or verified: those of its region or below (grouped by
    # the kabupaten/kota part of the region code, "32.04" of "32.04.05.2001", "32" for the
    # province itself) whose entering or verifying account holds, or held, a role in the group.
    # Values that merely exist for the region (a national source, another group's entry) do
    # not count. One row per region prefix, indicator and pair of accounts.
    accounts = defaultdict(set)
    for group_id, user_id in Role.objects.values_list("working_group_id", "user_id").order_by():
        accounts[group_id].add(user_id)
    group_of = {ev.code: group_id for group_id, ev in result.items()}
    by_prefix = defaultdict(set)
    # Only values entered or verified by an account that holds a role, found through the indexes
    # on both columns (a list: PostgreSQL scans every value of the years for a subquery).
    role_holders = sorted(set().union(*accounts.values()))
    reported = (
        DataValue.objects.filter(year__gte=today.year - DATA_YEARS, year__lt=today.year)
        .filter(Q(entered_by__in=role_holders) | Q(verified_by__in=role_holders))
        .annotate(prefix=Substr("region__code", 1, 5))
        .values_list("prefix", "indicator_id", "entered_by_id", "verified_by_id")
        .distinct()
        .order_by()
    )
    for prefix, indicator_id, entered_by, verified_by in reported:
        for code in {prefix, prefix[:2]}:
            people = accounts.get(group_of.get(code), ())
            if entered_by in people or verified_by in people:
                by_prefix[code].add(indicator_id)

    facility_counts = defaultdict(lambda: [0, 0])
    # The day of each facility's latest inspection is kept on the facility (last_inspected_on):
    # one pass over the facilities, not a subquery into the inspections for each.
    recent = Q(last_inspected_on__gte=year_ago, last_inspected_on__lte=today)
    facilities = (
        Facility.objects.annotate(prefix=Substr("village__code", 1, 5))
        .values("prefix")
        .annotate(total=Count("pk"), inspected=Count("pk", filter=recent))
        .order_by()
    )
    for row in facilities:
        for code in {row["prefix"], row["prefix"][:2]}:
            facility_counts[code][0] += row["total"]
            facility_counts[code][1] += row["inspected"]

    for ev in result.values():
        ev.indicators = len(by_prefix.get(ev.code, ()))
        ev.facilities, ev.facilities_inspected = facility_counts.get(ev.code, (0, 0))
    return result


def evidence(today: datetime.date | None = None) -> dict[int, Evidence]:
    """`collect(today)`, from the shared cache while none of `TOPICS` changed (and for at most
    `REFRESH_SECONDS`)."""
    today = today or timezone.localdate()
    return cached(
        "activeness",
        lambda: collect(today),
        topics=TOPICS,
        timeout=REFRESH_SECONDS,
        parts=[today.isoformat()],
    )


def rank(indexes: list[GroupIndex]) -> list[GroupIndex]:
    """Sorted by points, highest first, then by code; equal points share a rank (1, 2, 2, 4)."""
    ordered = sorted(indexes, key=lambda i: (-i.total, i.code))
    for position, item in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        item.rank = previous.rank if previous and previous.total == item.total else position
    return ordered


def ranked(today=None) -> list[GroupIndex]:
    """The ranked indexes of all groups, cached as the evidence is."""
    today = today or timezone.localdate()
    return cached(
        "activeness-ranking",
        lambda: rank([index_of(ev) for ev in evidence(today).values()]),
        topics=TOPICS,
        timeout=REFRESH_SECONDS,
        parts=[today.isoformat()],
    )


def ranking(today=None, province: str | None = None, level: int | None = None):
    """The ranked indexes of all groups, or of those of one province code, or of one level."""
    indexes = ranked(today)
    if province:
        indexes = [i for i in indexes if i.evidence.province_code == province]
    if level is not None:
        indexes = [i for i in indexes if i.evidence.level == level]
    return rank(indexes)


def totals(today=None) -> dict[int, int]:
    """The index of every group, by group id (the directory's column and map), cached as the
    evidence is."""
    today = today or timezone.localdate()
    return cached(
        "activeness-totals",
        lambda: {i.evidence.group_id: i.total for i in ranked(today)},
        topics=TOPICS,
        timeout=REFRESH_SECONDS,
        parts=[today.isoformat()],
    )


def link(name: str, code: str) -> str | None:
    """The address of the page `name` of group `code`, or None while that page does not exist."""
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return None


def _date(day) -> str:
    return date_format(day, "j F Y")


def explain(ev: Evidence, key: str, points: dict[str, float]) -> tuple[str, str, str | None]:
    """The evidence behind one component, the next step ("" when it has full points) and the
    address of the page where to take it."""
    full = points[key] >= WEIGHTS[key]
    code = ev.code
    if key == "decree":
        if ev.status == LegalStatus.ACTIVE:
            return (
                _("Decree in force until %(date)s.") % {"date": _date(ev.decree_until)},
                "",
                link("decrees:list", code),
            )
        if ev.status == LegalStatus.EXPIRING:
            return (
                _("Decree in force until %(date)s, ending soon.")
                % {"date": _date(ev.decree_until)},
                _("Prepare the new decree before the current one ends."),
                link("decrees:list", code),
            )
        evidence = (
            _("The decree has expired.")
            if ev.status == LegalStatus.EXPIRED
            else _("No decree in force is recorded.")
        )
        return (
            evidence,
            _("Have the decree (SK) of this year signed and record it, with its scan."),
            link("decrees:list", code),
        )
    if key == "core":
        total = len(REGIONAL_CORE)
        evidence = _("%(filled)d of %(total)d core functions are represented in the roster.") % {
            "filled": len(ev.core_filled),
            "total": total,
        }
        missing = [str(role.label) for role in REGIONAL_CORE if role not in ev.core_filled]
        step = (
            ""
            if full
            else _("Invite institutions for: %(functions)s.") % {"functions": ", ".join(missing)}
        )
        return evidence, step, link("pokja:roster", code)
    if key == "plan":
        years = {"start": ev.plan_years[0], "end": ev.plan_years[1]} if ev.plan_years else {}
        if ev.plan == "current":
            return (
                _("Strategic plan %(start)d–%(end)d adopted.") % years,
                "",
                link("planning:plans", code),
            )
        if ev.plan == "document":
            return _("The adopted strategic plan is uploaded as a document."), "", None
        evidence = (
            _("The adopted strategic plan ended in %(end)d.") % years
            if ev.plan == "ended"
            else _("No adopted strategic plan is recorded.")
        )
        return (
            evidence,
            _("Draw up the strategic plan (Renstra) for the coming years and record its adoption."),
            link("planning:plans", code),
        )
    if key == "meetings":
        evidence = ngettext(
            "%(count)d meeting held in the last 90 days.",
            "%(count)d meetings held in the last 90 days.",
            ev.meetings,
        ) % {"count": ev.meetings}
        more = MEETINGS_FOR_FULL - ev.meetings
        step = (
            ""
            if full
            else ngettext(
                "Hold a coordination meeting and record it; %(count)d more gives full points.",
                "Hold coordination meetings and record them; %(count)d more give full points.",
                more,
            )
            % {"count": more}
        )
        return evidence, step, link("meetings:meetings", code)
    if key == "actions":
        if ev.actions_due == 0:
            return (
                _("No action item was due in the last 12 months (half the points)."),
                _("Record the follow-up of each decision as an action item with an owner."),
                link("meetings:action_items", code),
            )
        evidence = _(
            "%(done)d of %(due)d action items due in the last 12 months were done on time."
        ) % {"done": ev.actions_on_time, "due": ev.actions_due}
        step = "" if full else _("Close the overdue action items and agree realistic due dates.")
        return evidence, step, link("meetings:action_items", code)
    if key == "posts":
        evidence = ngettext(
            "%(count)d news or advocacy post published in the last 12 months.",
            "%(count)d news or advocacy posts published in the last 12 months.",
            ev.posts,
        ) % {"count": ev.posts}
        more = POSTS_FOR_FULL - ev.posts
        step = (
            ""
            if full
            else ngettext(
                "Publish news of the working group or an advocacy post; %(count)d more gives "
                "full points.",
                "Publish news of the working group or advocacy posts; %(count)d more give "
                "full points.",
                more,
            )
            % {"count": more}
        )
        return evidence, step, link("news:group_news", code)
    if key == "data":
        first, last = ev.data_years
        evidence = ngettext(
            "Values of %(count)d indicator for %(first)d or %(last)d entered or verified by the "
            "working group.",
            "Values of %(count)d indicators for %(first)d or %(last)d entered or verified by the "
            "working group.",
            ev.indicators,
        ) % {"count": ev.indicators, "first": first, "last": last}
        more = INDICATORS_FOR_FULL - ev.indicators
        step = (
            ""
            if full
            else ngettext(
                "Enter the %(year)d value of %(count)d more indicator.",
                "Enter the %(year)d values of %(count)d more indicators.",
                more,
            )
            % {"count": more, "year": last}
        )
        return evidence, step, link("monitoring:data_entry", code)
    # facilities
    if ev.facilities == 0:
        return (
            _("No facility is registered in the region (half the points)."),
            _("Register the water and sanitation facilities built in the region."),
            link("facilities:list", code),
        )
    evidence = _("%(inspected)d of %(total)d facilities inspected in the last 12 months.") % {
        "inspected": ev.facilities_inspected,
        "total": ev.facilities,
    }
    step = "" if full else _("Inspect the facilities not visited in the last 12 months.")
    return evidence, step, link("facilities:list", code)
