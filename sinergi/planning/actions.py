"""Writes of the planning module that check across records or reach into monitoring."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.monitoring.models import Target
from sinergi.planning.models import StrategicPlan
from sinergi.pokja.models import WorkingGroup


@transaction.atomic
def do_adopt_plan(plan, adopted_on, adopted_by="", adopting_file=None):
    """Adopt `plan`; refused with a clear message when another adopted plan of the group
    covers one of its years. Its targets become the monitoring targets of the region."""
    # Lock the group so that two adoptions cannot pass the overlap check at the same time.
    WorkingGroup.objects.select_for_update().filter(pk=plan.working_group_id).first()
    overlap = plan.overlapping_adopted().first()
    if overlap is not None:
        raise ValidationError(
            _(
                "Another adopted plan, %(title)s (%(start)s–%(end)s), already covers some of "
                "these years. Only one adopted plan may cover a year."
            )
            % {"title": overlap.title, "start": overlap.start_year, "end": overlap.end_year}
        )
    plan.status = StrategicPlan.Status.ADOPTED
    plan.adopted_on = adopted_on
    plan.adopted_by = adopted_by
    fields = ["status", "adopted_on", "adopted_by", "updated"]
    if adopting_file:
        plan.adopting_file = adopting_file
        fields.append("adopting_file")
    plan.save(update_fields=fields)
    sync_targets(plan)
    return plan


@transaction.atomic
def do_update_plan(form):
    """Save a valid StrategicPlanForm of an existing plan. The title of an adopted plan is the
    basis of the region's targets, so they are written again."""
    plan = form.save()
    sync_targets(plan)
    return plan


@transaction.atomic
def do_save_plan_targets(form):
    """Save a valid PlanTargetsForm; an adopted plan's targets become the region's monitoring
    targets at once. Returns the form's counts (created, changed, removed)."""
    counts = form.save()
    sync_targets(form.plan)
    return counts


def sync_targets(plan):
    """Make the plan's targets the monitoring targets of the group's region (adopted plans)."""
    if plan.status != StrategicPlan.Status.ADOPTED:
        return 0
    region = plan.working_group.region
    with translation.override("id"):  # stored text: in the default language, whoever adopts
        basis = (_("Strategic plan: %(title)s") % {"title": plan.title})[:200]
    written, kept = 0, []
    for target in plan.targets.select_related("indicator"):
        row, _created = Target.objects.update_or_create(
            indicator=target.indicator,
            region=region,
            year=target.year,
            defaults={"value": target.value, "basis": basis},
        )
        kept.append(row.pk)
        written += 1
    # Within its years an adopted plan is the region's only source of targets (no other adopted
    # plan covers them), and a target this plan set before and no longer has goes too.
    stale = Target.objects.filter(region=region).exclude(pk__in=kept)
    stale.filter(year__in=list(plan.years)).delete()
    stale.filter(basis=basis).delete()
    return written
