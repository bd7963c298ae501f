from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.monitoring.models import Indicator
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region


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
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    budget = models.DecimalField(
        _("budget (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
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

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.pk])
