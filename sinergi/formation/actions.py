"""Writes that create a working group where there was none: a formation or an equivalent forum.
Each is one transaction, so bad input leaves nothing half-written."""

from django.db import transaction

from sinergi.formation.models import Formation, FormationStep
from sinergi.pokja.models import Institution, Role, WorkingGroup


def default_group_name(region, kind=WorkingGroup.Kind.AMPL) -> str:
    return f"{WorkingGroup.Kind(kind).label} {region.name}"


def find_or_create_institution(region, name, category=Institution.Category.BAPPEDA):
    """The institution of `region` called `name` (ignoring case and spacing), created if new."""
    name = " ".join(name.split())
    institution = Institution.objects.filter(region=region, name__iexact=name).first()
    if institution is None:
        institution = Institution.objects.create(name=name, category=category, region=region)
    return institution


def _give_secretariat(actor, group):
    # The starter runs the group until its own secretariat is invited from the roster.
    if actor is not None:
        Role.objects.get_or_create(
            user=actor, working_group=group, defaults={"kind": Role.Kind.SECRETARIAT}
        )


@transaction.atomic
def do_start_formation(region, lead_institution, started_on, actor, name=""):
    """Create the region's working group, in formation until its first decree, and its
    formation with the four steps. `lead_institution` is an Institution or the name of a new
    one (a Bappeda) of the region."""
    if isinstance(lead_institution, str):
        lead_institution = find_or_create_institution(region, lead_institution)
    group = WorkingGroup.objects.create(
        region=region,
        name=name or default_group_name(region),
        kind=WorkingGroup.Kind.AMPL,
        contact_institution=lead_institution,
    )
    formation = Formation.objects.create(
        working_group=group,
        lead_institution=lead_institution,
        started_on=started_on,
        started_by=actor,
    )
    # One by one rather than bulk_create, so that the audit log records each step.
    for number in FormationStep.Number.values:
        FormationStep.objects.create(formation=formation, number=number)
    _give_secretariat(actor, group)
    return formation


@transaction.atomic
def do_update_step(form):
    """Save a step and the fields of the formation that the step fills (StepForm)."""
    step = form.save()
    fields = FormationStep.FORMATION_FIELDS[step.number]
    if fields:
        formation = step.formation
        for field in fields:
            setattr(formation, field, form.cleaned_data[field])
        formation.save(update_fields=fields)
    return step


@transaction.atomic
def do_register_forum(
    region,
    *,
    kind,
    name,
    actor,
    formed_on=None,
    secretariat_address="",
    contact_institution="",
    contact_institution_category=Institution.Category.BAPPEDA,
    decree=None,
):
    """Register a region's existing water and sanitation forum as its working group, with its
    legal basis when `decree` (an unsaved Decree) is given; `contact_institution` is the name
    of an institution of the region, created when new. Members are added in the roster."""
    contact = None
    if contact_institution.strip():
        contact = find_or_create_institution(
            region, contact_institution, contact_institution_category
        )
    group = WorkingGroup.objects.create(
        region=region,
        name=" ".join(name.split()),
        kind=kind,
        formed_on=formed_on,
        secretariat_address=secretariat_address,
        contact_institution=contact,
    )
    if decree is not None:
        decree.working_group = group
        decree.save()
    _give_secretariat(actor, group)
    return group
