from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.lib.plausible import not_negative, plausible_date, recorded_date
from sinergi.monitoring.models import Indicator
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region, at_or_below


def touching_filter(code: str, prefix: str = "") -> Q:
    """Regions (or, through `prefix`, rows pointing to regions) at `code`, below it or above it:
    a location at a kecamatan covers every village below it, one at a village lies within
    its kecamatan."""
    if code == Region.NATIONAL_CODE:
        return Q()
    parts = code.split(".")
    above = [Region.NATIONAL_CODE, *(".".join(parts[:i]) for i in range(1, len(parts)))]
    return at_or_below(code, f"{prefix}code") | Q(**{f"{prefix}code__in": above})


class ProgrammeQuerySet(models.QuerySet):
    def with_groups(self):
        """With the registering group and the groups it reports to, and their regions (for
        `contact_visible_to`): one extra query."""
        groups = WorkingGroup.objects.select_related("region")
        return self.select_related("registered_by__region").prefetch_related(
            models.Prefetch("working_groups", queryset=groups)
        )

    def touching(self, region):
        """Programmes with a location at `region`, below it, or above it (a provincial or
        national programme also works in every kabupaten of its area)."""
        ids = Programme.locations.through.objects.filter(
            touching_filter(region.code, "region__")
        ).values("programme_id")
        return self.filter(pk__in=ids)

    def located_under(self, code: str):
        """Programmes with a location at region `code` or below it (the API's ?region=)."""
        ids = Programme.locations.through.objects.filter(at_or_below(code, "region__code")).values(
            "programme_id"
        )
        return self.filter(pk__in=ids)

    def of_group(self, group):
        """What a working group sees on its programme page: registered by it, reporting to it,
        or working in its region, whoever registered them."""
        reporting = Programme.working_groups.through.objects.filter(
            workinggroup_id=group.pk
        ).values("programme_id")
        return self.filter(
            Q(registered_by=group) | Q(pk__in=reporting) | Q(pk__in=self.touching(group.region))
        )


class Programme(models.Model):
    """An external programme or project that supports water and sanitation in a region and
    enters it through the working group."""

    class Kind(models.TextChoices):
        NATIONAL = "nasional", _("National programme")
        DAK = "dak", _("DAK")
        DONOR = "donor", _("Donor project")
        CSR = "csr", _("CSR")
        KPBU = "kpbu", _("KPBU")
        OTHER = "lainnya", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "diusulkan", _("Proposed")
        AGREED = "disepakati", _("Agreed with the Pokja")
        RUNNING = "berjalan", _("Running")
        FINISHED = "selesai", _("Finished")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=15, choices=Indicator.Sector.choices)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    implementer = models.CharField(_("implementing partner"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), validators=[plausible_date()])
    ends_on = models.DateField(_("end"), validators=[plausible_date(years_ahead=30)])
    budget = models.DecimalField(
        _("budget (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative()],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("The activity's identifier in the donor's IATI file, when imported from one."),
    )
    registered_by = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_programmes",
        help_text=_("The working group whose secretariat keeps this record."),
    )
    working_groups = models.ManyToManyField(
        WorkingGroup, verbose_name=_("reports to"), blank=True, related_name="programmes"
    )
    locations = models.ManyToManyField(
        Region, verbose_name=_("locations"), blank=True, related_name="programmes"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            # The key by which an import recognises a programme it has seen before.
            models.UniqueConstraint(
                fields=["registered_by", "name", "starts_on"],
                name="programme_one_per_name_and_start",
                violation_error_message=_(
                    "This working group already registered a programme of this name and start."
                ),
            ),
            # An IATI import recognises the programmes of its activities by this identifier.
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="programme_one_per_iati_identifier",
                violation_error_message=_("A programme with this IATI identifier exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
        ]
        indexes = [
            # A page of the lists in their order (-starts_on, name) without sorting them all.
            models.Index(fields=["-starts_on", "name"], name="programme_list_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.pk])

    def contact_visible_to(self, scope) -> bool:
        """Contact e-mail and phone are for the groups it reports to or that registered it.
        Load the programme `with_groups()`."""
        return scope.can_view(self.registered_by) or any(
            scope.can_view(group) for group in self.working_groups.all()
        )


class ProgrammeTarget(models.Model):
    """What a programme promises, e.g. 5,000 people gaining access to safe sanitation."""

    class Unit(models.TextChoices):
        PEOPLE = "jiwa", _("people")
        HOUSEHOLDS = "rumah_tangga", _("households")
        VILLAGES = "desa", _("villages")
        FACILITIES = "sarana", _("facilities")
        OTHER = "lainnya", _("other")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    description = models.CharField(_("description"), max_length=250)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["programme", "pk"]

    def __str__(self):
        return f"{self.description}: {self.quantity} {self.get_unit_display()}"


class Intake(models.Model):
    """The entry of a programme into a region: when it was presented to the working group,
    and what the group decided."""

    class Decision(models.TextChoices):
        AGREED = "disepakati", _("Agreed")
        AGREED_WITH_CONDITIONS = "bersyarat", _("Agreed with conditions")
        REDIRECTED = "dialihkan", _("Redirected to other locations")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="intakes"
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="programme_intakes",
    )
    presented_on = models.DateField(_("presented to the Pokja on"), validators=[recorded_date()])
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    conditions = models.TextField(
        _("conditions and notes"),
        blank=True,
        help_text=_("The conditions of the agreement, or where the programme was redirected."),
    )
    # No meetings module yet: the minutes or the meeting are named in text.
    meeting_reference = models.CharField(
        _("meeting"), max_length=250, blank=True, help_text=_("The meeting that decided, if any.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["programme", "presented_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "working_group", "presented_on"],
                name="intake_one_per_day",
                violation_error_message=_(
                    "An intake of this programme by this working group on this day exists."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision="bersyarat") | ~Q(conditions=""),
                name="intake_conditions_given",
                violation_error_message=_("An agreement with conditions names its conditions."),
            ),
        ]
        indexes = [
            # The intakes recorded by one working group (its programme page).
            models.Index(fields=["working_group", "presented_on"], name="intake_group_date"),
        ]

    def __str__(self):
        return f"{self.programme} · {self.get_decision_display()} ({self.presented_on})"
