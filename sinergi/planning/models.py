from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.lib.plausible import not_negative, recorded_date
from sinergi.lib.uploads import DOCUMENT_KINDS, FileKindValidator
from sinergi.monitoring.models import Indicator
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region

# Rupiah amounts are exact: decimals, never floats.
Rupiah = {"max_digits": 18, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN (state budget)")
    DAK_PHYSICAL = "dak_fisik", _("DAK fisik")
    DAK_NON_PHYSICAL = "dak_nonfisik", _("DAK non-fisik")
    GRANT = "hibah", _("Grant (hibah)")
    APBD_PROVINCE = "apbd_provinsi", _("APBD provinsi")
    APBD_REGENCY = "apbd_kabkota", _("APBD kabupaten/kota")
    VILLAGE_FUND = "dana_desa", _("Dana Desa (village fund)")
    CSR = "csr", _("CSR")
    KPBU = "kpbu", _("KPBU (public-private partnership)")
    DONOR = "donor", _("Donor")
    COMMUNITY = "swadaya", _("Community contribution (swadaya)")
    OTHER = "lainnya", _("Other")

    @classmethod
    def non_government(cls):
        """The "alternative funding" that the source says a Pokja develops together."""
        return {cls.CSR, cls.KPBU, cls.DONOR, cls.COMMUNITY}


class StrategicPlan(models.Model):
    """Renstra AMPL: the working group's plan for a period, usually five years."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draft")
        ADOPTED = "ditetapkan", _("Adopted")

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="strategic_plans"
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, validators=[recorded_date()]
    )
    adopted_by = models.CharField(
        _("adopting document"),
        max_length=250,
        blank=True,
        help_text=_("For example Peraturan Bupati Bandung Nomor 12 Tahun 2025."),
    )
    adopting_file = models.FileField(
        _("adopting document file"),
        upload_to="renstra/",
        blank=True,
        validators=[FileKindValidator(DOCUMENT_KINDS)],
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["working_group", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_ends_after_start",
                violation_error_message=_("The last year cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ditetapkan") | models.Q(adopted_on__isnull=False),
                name="plan_adopted_has_date",
                violation_error_message=_("An adopted plan needs its adoption date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planning:plan", args=[self.working_group.code, self.pk])

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)

    def overlapping_adopted(self):
        """Other adopted plans of the group that cover one of this plan's years."""
        return StrategicPlan.objects.filter(
            working_group=self.working_group_id,
            status=self.Status.ADOPTED,
            start_year__lte=self.end_year,
            end_year__gte=self.start_year,
        ).exclude(pk=self.pk)


class Goal(models.Model):
    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Strategy(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="strategies")
    text = models.TextField(_("strategy"))

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["goal", "pk"]

    def __str__(self):
        return self.text[:60]


class PlanTarget(models.Model):
    """A yearly target of the plan; an adopted plan's targets are the monitoring targets."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "indicator__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year"], name="plan_target_unique"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class WorkPlan(models.Model):
    """The annual work plan (rencana kerja tahunan) of a working group."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    strategic_plan = models.ForeignKey(
        StrategicPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_plans"
    )
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["working_group", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "year"],
                name="work_plan_one_per_year",
                violation_error_message=_(
                    "This working group already has a work plan for that year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.working_group} {self.year}"

    def get_absolute_url(self):
        return reverse("workplans:detail", args=[self.working_group.code, self.year])


class Activity(models.Model):
    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("activity"), max_length=300)
    sector = models.CharField(_("sector"), max_length=15, choices=Indicator.Sector.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.ForeignKey(
        Region, verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    output = models.CharField(_("output"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    quantity = models.DecimalField(
        _("target quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative()],
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("strategic goal served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    end_quarter = models.PositiveSmallIntegerField(
        _("planned to finish in quarter"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["work_plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "number"], name="activity_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class BudgetLine(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("funding source"), max_length=15, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (Rp)"), **Rupiah)
    programme = models.CharField(
        _("external programme"),
        max_length=200,
        blank=True,
        help_text=_("The programme that funds this line, when there is one."),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["activity", "source"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "source"], name="budget_one_per_source"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


class QuarterReport(models.Model):
    """Realisation of an activity at the end of a quarter: cumulative physical progress."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    physical_progress = models.DecimalField(
        _("physical progress (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("quarterly realisation")
        verbose_name_plural = _("quarterly realisations")
        ordering = ["activity", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "quarter"], name="report_one_per_quarter"),
        ]

    def __str__(self):
        return f"{self.activity} Q{self.quarter}"


class Spending(models.Model):
    """Money spent in a quarter from one funding source."""

    report = models.ForeignKey(QuarterReport, on_delete=models.CASCADE, related_name="spending")
    source = models.CharField(_("funding source"), max_length=15, choices=FundingSource.choices)
    amount = models.DecimalField(_("spent (Rp)"), **Rupiah)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["report", "source"]
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="spending_one_per_source"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"
