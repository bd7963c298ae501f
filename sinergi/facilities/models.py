import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.lib.cache import invalidate
from sinergi.lib.plausible import not_negative, recorded_date
from sinergi.regions.models import Region, at_or_below

# A box around Indonesia, from Rote and Pulau Weh to the border with Papua New Guinea.
LATITUDE_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LONGITUDE_RANGE = (Decimal("94.5"), Decimal("141.5"))
# A facility not inspected for longer than this is not known to work.
STALE_AFTER = datetime.timedelta(days=365)
# Copied from the latest inspection; written only by `refresh_status`.
STATUS_FIELDS = ("status", "last_inspected_on")


class FunctionalStatus(models.TextChoices):
    WORKING = "berfungsi", _("Working")
    PARTLY = "sebagian", _("Partly working")
    NOT_WORKING = "tidak_berfungsi", _("Not working")


class FacilityQuerySet(models.QuerySet):
    def within(self, region):
        """The facilities in `region` (any level) or below it."""
        return self.filter(at_or_below(region.code, "village__code"))

    def with_status(self):
        """The facilities themselves: `status` and `last_inspected_on` are fields of each row
        (kept by `Facility.refresh_status`). For callers written when they were subqueries."""
        return self

    def needing_attention(self, today):
        """Not working, or not inspected within `STALE_AFTER` of `today`."""
        return self.filter(
            Q(status=FunctionalStatus.NOT_WORKING)
            | Q(last_inspected_on__isnull=True)
            | Q(last_inspected_on__lt=today - STALE_AFTER)
        )

    def refresh_status(self):
        """Copy each facility's latest inspection (status and day) onto it, in one UPDATE: for
        writes in bulk that bypass `Inspection.save()` (bulk_create, raw inserts)."""
        latest = Inspection.objects.filter(facility=OuterRef("pk")).order_by("-inspected_on", "-pk")
        count = self.update(
            status=Subquery(latest.values("status")[:1]),
            last_inspected_on=Subquery(latest.values("inspected_on")[:1]),
        )
        invalidate("facilities")
        return count


class Facility(models.Model):
    """A built water or sanitation facility (sarana terbangun) in a village."""

    class Kind(models.TextChoices):
        PIPED_WATER = "spam", _("Piped water system (SPAM)")
        BORE_WELL = "sumur_bor", _("Bore well")
        HYDRANT = "hidran_umum", _("Public hydrant")
        RAINWATER = "pah", _("Rainwater harvesting")
        COMMUNAL_WASTEWATER = "ipal_komunal", _("Communal wastewater plant (IPAL komunal)")
        COMMUNAL_TOILET = "mck", _("Communal toilet (MCK)")
        SEPTIC_TANK = "tangki_septik", _("Septic tank")
        SLUDGE_TREATMENT = "iplt", _("Sludge treatment (IPLT)")
        WASTE = "tps3r", _("Waste facility (TPS3R)")
        OTHER = "lainnya", _("Other")

    class Manager(models.TextChoices):
        KPSPAMS = "kpspams", _("KPSPAMS")
        BUMDES = "bumdes", _("BUMDes")
        PDAM = "pdam", _("PDAM")
        KSM = "ksm", _("KSM")
        OTHER = "lainnya", _("Other")

    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="facilities",
        help_text=_("The desa or kelurahan, by its Kemendagri code."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("built by programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
    )
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative()],
    )
    capacity_unit = models.CharField(
        _("capacity unit"),
        max_length=30,
        blank=True,
        help_text=_("For example L/s, m³/day, toilets."),
    )
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    households_served = models.PositiveIntegerField(_("households served"), null=True, blank=True)
    manager_kind = models.CharField(
        _("managed by"), max_length=10, choices=Manager.choices, blank=True
    )
    manager_name = models.CharField(_("name of the managing body"), max_length=200, blank=True)
    # The latest inspection's status and day, None when never inspected: a copy kept by
    # `refresh_status()` whenever an inspection is saved or removed, so that lists, filters,
    # statistics and exports read them from the row instead of a subquery per facility.
    status = models.CharField(
        _("functional status"),
        max_length=15,
        choices=FunctionalStatus.choices,
        null=True,
        blank=True,
        editable=False,
    )
    last_inspected_on = models.DateField(
        _("last inspected on"), null=True, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["village__code", "name"]
        indexes = [
            # The facilities of a region: village__code__startswith goes through the join, and
            # the join through this index.
            models.Index(fields=["village", "kind"], name="facility_village_kind"),
            # The list filtered by status (?status=…, "belum" is NULL) and, with the next one,
            # those needing attention (needing_attention(): not working or inspected long ago).
            models.Index(fields=["status"], name="facility_status"),
            models.Index(fields=["last_inspected_on"], name="facility_last_inspected"),
        ]
        constraints = [
            # An import recognises a facility by its village, type and name.
            models.UniqueConstraint(
                fields=["village", "kind", "name"],
                name="facility_unique_name",
                violation_error_message=_(
                    "This village already has a facility of this type with this name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=LATITUDE_RANGE[0],
                    latitude__lte=LATITUDE_RANGE[1],
                    longitude__gte=LONGITUDE_RANGE[0],
                    longitude__lte=LONGITUDE_RANGE[1],
                ),
                name="facility_in_indonesia",
                violation_error_message=_(
                    "Give both latitude and longitude, inside Indonesia, or neither."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The status belongs to the inspections (refresh_status): an edit of a facility
            # read before an inspection was recorded must not write the older status back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in STATUS_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.village.code[:5], self.pk])

    def clean(self):
        errors = {}
        village = self.village if self.village_id else None
        if village is not None and village.level != Region.Level.VILLAGE:
            errors["village"] = _(
                "%(code)s (%(name)s) is not a village: give the code of a desa or kelurahan, "
                "such as 32.04.05.2001."
            ) % {"code": village.code, "name": village.name}
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Give both latitude and longitude, or neither.")
        if self.latitude is not None and not (
            LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]
        ):
            errors["latitude"] = _(
                "Latitude %(value)s lies outside Indonesia (between −11.5 and 6.5); south of "
                "the equator is negative, such as −6.93."
            ) % {"value": self.latitude}
        if self.longitude is not None and not (
            LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]
        ):
            errors["longitude"] = _(
                "Longitude %(value)s lies outside Indonesia (between 94.5 and 141.5)."
            ) % {"value": self.longitude}
        if errors:
            raise ValidationError(errors)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def refresh_status(self):
        """Copy the latest inspection's status and day onto the facility, in the database and
        on this instance; after every inspection saved or removed."""
        with transaction.atomic():
            # Locked first: of two inspections recorded at once, the second to get here waits
            # and then reads the first one's row too.
            list(Facility.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
            latest = (
                self.inspections.order_by("-inspected_on", "-pk")
                .values_list("status", "inspected_on")
                .first()
            )
            self.status, self.last_inspected_on = latest or (None, None)
            Facility.objects.filter(pk=self.pk).update(
                status=self.status, last_inspected_on=self.last_inspected_on
            )


class Inspection(models.Model):
    """A visit that found a facility working, partly working or not working."""

    Status = FunctionalStatus

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspected on"), validators=[recorded_date()])
    status = models.CharField(_("functional status"), max_length=15, choices=Status.choices)
    problem = models.TextField(
        _("problem found"),
        blank=True,
        help_text=_("What does not work, and why, as far as known."),
    )
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the working group and the programme were told of a failure (send_reminders).
    notified = models.DateTimeField(_("failure notified"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            # The latest inspection of a facility (Facility.refresh_status()).
            models.Index(fields=["facility", "-inspected_on", "-id"], name="inspection_latest"),
            # The newest inspections first, of any facility (API /api/inspections/).
            models.Index(fields=["-inspected_on", "-id"], name="inspection_newest"),
            # Failures still to notify (facilities.reminders).
            models.Index(
                fields=["id"],
                condition=Q(status="tidak_berfungsi", notified__isnull=True),
                name="inspection_to_notify",
            ),
        ]

    def __str__(self):
        return f"{self.facility} ({self.inspected_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.facility.refresh_status()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            self.facility.refresh_status()
        return deleted
