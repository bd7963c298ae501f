from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sinergi.regions.models import Region


class Period(models.TextChoices):
    YEAR = "tahun", _("Whole year")
    S1 = "s1", _("First semester")
    S2 = "s2", _("Second semester")
    M01 = "m01", _("January")
    M02 = "m02", _("February")
    M03 = "m03", _("March")
    M04 = "m04", _("April")
    M05 = "m05", _("May")
    M06 = "m06", _("June")
    M07 = "m07", _("July")
    M08 = "m08", _("August")
    M09 = "m09", _("September")
    M10 = "m10", _("October")
    M11 = "m11", _("November")
    M12 = "m12", _("December")


class Source(models.TextChoices):
    SUSENAS = "bps_susenas", _("BPS Susenas")
    STBM = "stbm", _("STBM monitoring")
    UTILITY = "pdam", _("Water utility report")
    SURVEY = "survei", _("Survey")
    PROGRAMME = "program", _("Programme report")
    OTHER = "lainnya", _("Other")


class Method(models.TextChoices):
    NATIONAL = "nasional", _("National definition")
    JMP = "jmp", _("WHO/UNICEF JMP")


class Indicator(models.Model):
    """An indicator of the national catalogue, managed by the national secretariat."""

    class Unit(models.TextChoices):
        PERCENT = "persen", _("percent")
        HOUSEHOLDS = "rumah_tangga", _("households")
        PEOPLE = "jiwa", _("people")
        VILLAGES = "desa", _("villages")
        FACILITIES = "sarana", _("facilities")
        RUPIAH = "rupiah", _("rupiah")
        NUMBER = "angka", pgettext_lazy("unit", "number")

    class Sector(models.TextChoices):
        WATER = "air_minum", _("Drinking water")
        SANITATION = "sanitasi", _("Sanitation / wastewater")
        SOLID_WASTE = "persampahan", _("Solid waste")
        HYGIENE = "higiene_stbm", _("Hygiene / STBM")
        INSTITUTIONS = "kelembagaan", _("Institutions")

    class Direction(models.TextChoices):
        HIGHER = "naik", _("higher is better")
        LOWER = "turun", _("lower is better")

    class Aggregation(models.TextChoices):
        SUM = "jumlah", _("sum of the regions below")
        RATIO = "rasio", _("sum of numerators over sum of denominators")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_id = models.TextField(_("definition (Indonesian)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=15, choices=Unit.choices)
    sector = models.CharField(_("sector"), max_length=15, choices=Sector.choices)
    direction = models.CharField(
        _("direction"), max_length=5, choices=Direction.choices, default=Direction.HIGHER
    )
    aggregation = models.CharField(_("aggregation"), max_length=6, choices=Aggregation.choices)
    # For a ratio: value = numerator / denominator × scale (100 for a percentage).
    scale = models.PositiveIntegerField(_("scale"), default=100)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    numerator_label_en = models.CharField(_("numerator (English)"), max_length=200, blank=True)
    denominator_label_en = models.CharField(_("denominator (English)"), max_length=200, blank=True)
    source = models.CharField(
        _("source of the definition"),
        max_length=300,
        help_text=_("Where the definition comes from."),
    )
    # Roll-ups and dashboards use values of this source and method unless asked otherwise:
    # values of different sources and methods are never added up together.
    default_source = models.CharField(
        _("default source"), max_length=12, choices=Source.choices, default=Source.SUSENAS
    )
    default_method = models.CharField(
        _("default method"), max_length=8, choices=Method.choices, default=Method.NATIONAL
    )
    # A roll-up covering less of the denominator than this is partial: the value entered for
    # the region itself, or a complete year, is shown first (rollups.py).
    coverage_threshold = models.PositiveSmallIntegerField(
        _("coverage threshold (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A roll-up covering less than this share of the denominator (e.g. households) "
            "is marked partial."
        ),
    )
    is_key = models.BooleanField(_("key indicator"), default=False)
    is_public = models.BooleanField(_("public"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(aggregation="rasio") | ~models.Q(denominator_label=""),
                name="indicator_ratio_has_denominator",
                violation_error_message=_("A ratio indicator names its denominator."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_id

    @property
    def definition(self) -> str:
        return self.definition_en if get_language() == "en" else self.definition_id

    @property
    def numerator(self) -> str:
        """What the numerator counts, in the reader's language (Indonesian when no English)."""
        return (get_language() == "en" and self.numerator_label_en) or self.numerator_label

    @property
    def denominator(self) -> str:
        return (get_language() == "en" and self.denominator_label_en) or self.denominator_label

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == self.Aggregation.RATIO

    def ratio(self, numerator, denominator) -> Decimal | None:
        if not denominator:
            return None
        return (Decimal(numerator) / Decimal(denominator) * self.scale).quantize(Decimal("0.01"))


class DataValue(models.Model):
    """One reported value of an indicator for a region and period, with its source."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draft")
        VERIFIED = "terverifikasi", _("Verified")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="data_values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"), max_length=6, choices=Period.choices, default=Period.YEAR
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    method = models.CharField(
        _("method"), max_length=8, choices=Method.choices, default=Method.NATIONAL
    )
    # A ratio indicator stores its numerator and denominator; `value` is derived from them.
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=13, choices=Status.choices, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified = models.DateTimeField(_("verified at"), null=True, blank=True)
    # A change of a verified value waits here for a second person's verification, while the
    # verified figures above stay public and in the roll-ups (values.apply_rows,
    # values.verify_values); all empty when none is pending, `revised_at` set when one is.
    # Nullable without default, so that adding them keeps the table and its triggers.
    revised_value = models.DecimalField(
        _("proposed value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    revised_numerator = models.DecimalField(
        _("proposed numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    revised_denominator = models.DecimalField(
        _("proposed denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    revised_note = models.CharField(_("proposed note"), max_length=300, null=True, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revised_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        ordering = ["indicator", "region__code", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "period", "source", "method"],
                name="datavalue_one_per_key",
                violation_error_message=_(
                    "A value for this indicator, region, period, source and method exists."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="datavalue_positive_denominator",
                violation_error_message=_("The denominator must be more than zero."),
            ),
        ]
        indexes = [
            # Roll-ups and maps: every value of one indicator and period in a set of regions.
            models.Index(fields=["indicator", "year", "period", "region"], name="datavalue_rollup"),
            # A region's dashboard: every indicator over the years.
            models.Index(fields=["region", "indicator", "year"], name="datavalue_region"),
            # What awaits verification (values.drafts_to_verify): drafts and pending changes
            # only, a small part of the table whatever its size.
            models.Index(
                fields=["region", "indicator", "year"],
                name="datavalue_waiting",
                condition=models.Q(status="draf") | models.Q(revised_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region.code} {self.year}"

    def clean(self):
        if self.indicator_id and self.indicator.is_ratio:
            if self.numerator is None or self.denominator is None:
                raise ValidationError(_("A ratio indicator needs its numerator and denominator."))
            if self.numerator < 0 or self.numerator > self.denominator:
                raise ValidationError(
                    {"numerator": _("The numerator must be between zero and the denominator.")}
                )
            self.value = self.indicator.ratio(self.numerator, self.denominator)

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def has_revision(self) -> bool:
        """A change of this verified value awaits verification (`revised_*`)."""
        return self.revised_at is not None


class Target(models.Model):
    """What an indicator should reach in a region by the end of a year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    basis = models.CharField(
        _("basis"), max_length=200, blank=True, help_text=_("For example RPJMN 2020–2024.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "region__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="target_one_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.region.code} {self.year}: {self.value}"


class IndicatorYear(models.Model):
    """How many values an indicator has for a year and period, in all and verified: the years
    with data of the catalogue and the dashboards, read without scanning the values, at the same
    cost for 17 thousand values as for 17 million.

    Kept by database triggers on DataValue (migration 0002_indicatoryear), so that every write
    counts — the grid, imports, the API, verification, deletions, and bulk or raw SQL writes
    alike. A count that falls to zero leaves its row behind; readers ask for counts above zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=6, choices=Period.choices)
    total_count = models.IntegerField(default=0)
    verified_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Also the conflict target of the triggers' upserts.
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="indicatoryear_one_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.year} {self.period}: {self.total_count}"


class VillageTotal(models.Model):
    """The village values of each kabupaten/kota added up, per indicator, year, period, source,
    method and status: what the national and provincial figures read instead of every village
    value (83,762 villages a year and indicator), at the same cost for any number of years.

    The fields are named as DataValue's, so that the filters of values (`_sources`,
    `access.PUBLISHED_VALUES`, `below(code, "regency")`) apply as they are; sum over both
    statuses for every value, take the verified rows for the published ones. Kept by database
    triggers on DataValue (migration 0004_villagetotal), as IndicatorYear. A total whose
    `count` falls to zero leaves its row behind; readers ask for counts above zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    regency = models.CharField(max_length=5)  # the code of the kabupaten/kota: "32.04"
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=6, choices=Period.choices)
    source = models.CharField(max_length=12, choices=Source.choices)
    method = models.CharField(max_length=8, choices=Method.choices)
    status = models.CharField(max_length=13, choices=DataValue.Status.choices)
    numerator = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    value = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Also the conflict target of the triggers' upserts, and the index of the readers
            # (an indicator's years, a province's kabupaten/kota).
            models.UniqueConstraint(
                fields=["indicator", "year", "period", "source", "method", "status", "regency"],
                name="villagetotal_one_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.regency} {self.year}: {self.count}"
