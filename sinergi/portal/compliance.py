"""The compliance overview of the national and provincial secretariats: the directory's rows in
their scope, with each group's latest decree and the year-one strategic-plan check.

A cross-app overview (decrees, planning, the directory), so it lives in the portal, above all three.
The facts of every group (latest decree, strategic plan) are computed once for the nation and kept
in the shared cache (`lib/cache.py`) until a group, decree or plan changes, or the day does.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.decrees.models import Decree, latest_decree
from sinergi.lib.cache import cached
from sinergi.planning.models import StrategicPlan
from sinergi.pokja.access import ALL_PROVINCES, overseen_provinces
from sinergi.portal.directory import (
    Row,
    all_rows,
    directory_scoped,
    status_counts,
    status_summary,
)

YEAR = datetime.timedelta(days=365)


@dataclass
class ComplianceRow:
    row: Row
    decree: Decree | None
    days_left: int | None
    needs_strategic_plan: bool

    @property
    def days_left_shown(self) -> int | str | None:
        """The days left, or how long ago the decree ended: a negative count reads as a typo."""
        if self.days_left is None or self.days_left >= 0:
            return self.days_left
        days = -self.days_left
        return ngettext("expired %(days)d day ago", "expired %(days)d days ago", days) % {
            "days": days
        }


def compliance_scope(user):
    """The province codes whose groups `user` oversees, "all" for the nation, or None."""
    return overseen_provinces(user)


def groups_with_adopted_plan(group_ids) -> set[int]:
    """The groups among `group_ids` that have an adopted strategic plan (Renstra)."""
    adopted = StrategicPlan.objects.filter(
        working_group__in=group_ids, status=StrategicPlan.Status.ADOPTED
    )
    return set(adopted.values_list("working_group_id", flat=True))


def needs_strategic_plan(group, first_valid_from, today, has_plan=False) -> bool:
    """Twelve months or more since its formation (or first decree) without a strategic plan:
    neither an adopted plan in Sinergi nor an uploaded plan document. A group whose decree has
    lapsed is flagged too: the plan is due all the same."""
    if group is None or has_plan or group.strategic_plan_file:
        return False
    since = group.formed_on or first_valid_from
    return since is not None and since <= today - YEAR and bool(first_valid_from)


TOPICS = ["groups", "plans"]


def compliance_rows(data, scope, every=None):
    """The filter form, the rows of the groups in `scope` the filters select, and the status
    summary of the directory (`status_summary`) over the same scope and filters but the status
    one, its counts linking back to this overview. `every`: `all_rows()`."""
    every = all_rows() if every is None else every
    form, scoped, rows = directory_scoped(data, every)
    if scope != ALL_PROVINCES:
        scoped = [r for r in scoped if r.code[:2] in scope]
        rows = [r for r in rows if r.code[:2] in scope]
    found = facts(every)
    result = [ComplianceRow(row, *found[row.code]) for row in rows]
    summary = status_summary(status_counts(scoped), reverse("portal:compliance"), data)
    return form, result, summary


def facts(every) -> dict[str, tuple]:
    """{region code: (latest decree, days left, needs a strategic plan)} for `every` row of the
    directory today, from the shared cache, or two queries."""
    today = timezone.localdate()
    return cached("compliance-facts", lambda: _facts(every, today), topics=TOPICS, parts=[today])


def _facts(every, today) -> dict[str, tuple]:
    decrees = {}
    for decree in Decree.objects.filter(working_group__region__level__in=[1, 2]):
        decrees.setdefault(decree.working_group_id, []).append(decree)
    latest = {pk: latest_decree(found) for pk, found in decrees.items()}
    first = {pk: min(d.valid_from for d in found) for pk, found in decrees.items()}
    planned = groups_with_adopted_plan([r.group.pk for r in every if r.group])
    result = {}
    for row in every:
        group = row.group
        decree = latest.get(group.pk) if group else None
        days_left = (decree.valid_until - today).days if decree else None
        flag = needs_strategic_plan(
            group,
            first.get(group.pk) if group else None,
            today,
            has_plan=group is not None and group.pk in planned,
        )
        result[row.code] = (decree, days_left, flag)
    return result


def compliance_table(rows):
    header = [
        _("Code"),
        _("Region"),
        _("Working group"),
        _("Status"),
        _("Decree"),
        _("Valid until"),
        _("Days left"),
        _("Strategic plan missing after a year"),
    ]
    table = [
        [
            r.row.code,
            r.row.region.name,
            r.row.group.name if r.row.group else "",
            str(r.row.status.label),
            r.decree.number if r.decree else "",
            r.decree.valid_until if r.decree else None,
            r.days_left_shown,
            _("yes") if r.needs_strategic_plan else "",
        ]
        for r in rows
    ]
    return header, table
