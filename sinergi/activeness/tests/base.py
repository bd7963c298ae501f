"""Evidence for the activeness tests, on a fixed day: 15 June 2025.

Helpers create one piece of evidence each with the ORM, so that a test can add exactly what one
component counts and check that the index moves by that component's weight.
"""

import datetime

from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility, Inspection
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.news.models import Post
from sinergi.planning.models import StrategicPlan
from sinergi.pokja.models import Institution, Role
from sinergi.test import BaseTestCase

TODAY = datetime.date(2025, 6, 15)
D = datetime.date.fromisoformat


def at(day: str, hour=9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(D(day), datetime.time(hour)))


def valid_decree(group, start="2025-01-01", end="2025-12-31"):
    return Decree.objects.create(
        working_group=group,
        number=f"SK/{group.code}/{start}",
        signed_on=D(start),
        signatory="Bupati",
        valid_from=D(start),
        valid_until=D(end),
    )


def institution(region, role, category=Institution.Category.AGENCY):
    return Institution.objects.create(
        name=f"Lembaga {role} {region.code}", category=category, core_role=role, region=region
    )


def meeting(group, day="2025-06-01", **fields):
    fields.setdefault("title", f"Rapat {day}")
    return Meeting.objects.create(
        working_group=group, kind="koordinasi", starts_at=at(day), **fields
    )


def action(group, due, status=ActionItem.Status.OPEN, closed=None):
    return ActionItem.objects.create(
        working_group=group,
        title=f"Tindak lanjut {due}",
        owner_institution=institution_for_actions(group),
        due_on=D(due),
        status=status,
        closed_on=D(closed) if closed else None,
    )


def institution_for_actions(group):
    return Institution.objects.get_or_create(
        name=f"Pemilik tindak lanjut {group.code}",
        region=group.region,
        defaults={"category": Institution.Category.AGENCY},
    )[0]


def post(group, day="2025-05-01", **fields):
    return Post.objects.create(
        working_group=group,
        title=f"Berita {day}",
        body="Isi berita.",
        published_at=at(day) if day else None,
        **fields,
    )


def adopted_plan(group, start=2021, end=2025, status=StrategicPlan.Status.ADOPTED):
    return StrategicPlan.objects.create(
        working_group=group,
        title=f"Renstra AMPL {start}-{end}",
        start_year=start,
        end_year=end,
        status=status,
        adopted_on=D(f"{start}-03-01") if status == StrategicPlan.Status.ADOPTED else None,
    )


def indicators(count):
    return [
        Indicator.objects.get_or_create(
            code=f"ind-{n}",
            defaults={
                "name_id": f"Indikator {n}",
                "name_en": f"Indicator {n}",
                "unit": "rumah_tangga",
                "sector": "air_minum",
                "aggregation": "jumlah",
            },
        )[0]
        for n in range(count)
    ]


def value(indicator, region, year=2024, entered_by=None, verified_by=None):
    """A value of `region`; it counts for a group only when one of its accounts entered or
    verified it (by default the first account with a role in the group of the region's
    kabupaten/kota, where there is one)."""
    if entered_by is None and verified_by is None:
        entered_by = (
            Role.objects.filter(working_group__region__code=region.code[:5])
            .order_by("pk")
            .values_list("user", flat=True)
            .first()
        )
    return DataValue.objects.create(
        indicator=indicator,
        region=region,
        year=year,
        source="bps_susenas",
        value=50,
        entered_by_id=getattr(entered_by, "pk", entered_by),
        verified_by_id=getattr(verified_by, "pk", verified_by),
    )


def facility(village, name="SPAM Cinunuk", inspected=None):
    built = Facility.objects.create(village=village, kind="spam", name=name)
    if inspected:
        Inspection.objects.create(facility=built, inspected_on=D(inspected), status="berfungsi")
    return built


class ActivenessTestCase(BaseTestCase):
    """The shared personas and regions; a helper to read one group's index on TODAY."""

    def index(self, group):
        from sinergi.activeness.index import collect, index_of

        return index_of(collect(TODAY)[group.pk])
