import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.pokja.models import WorkingGroup


class LegalStatus(models.TextChoices):
    """A working group's legal standing, derived from its decrees; never stored."""

    NONE = "none", _("No working group")
    FORMING = "forming", _("In formation")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Decree expired")


class DecreeQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class Decree(models.Model):
    """The decree (SK) of the governor, regent or mayor that establishes a working group for a
    period, usually one year."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="decrees",
    )
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=300, blank=True)
    signed_on = models.DateField(_("date signed"))
    signatory = models.CharField(
        _("signatory"), max_length=120, help_text=_("For example Bupati Bandung.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DecreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")
        ordering = ["working_group", "-valid_from"]
        indexes = [
            # The decree valid today for every group (directory, compliance).
            models.Index(
                fields=["working_group", "valid_from", "valid_until"], name="decree_validity"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="decree_valid_until_after_from",
                violation_error_message=_("A decree cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.number

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_until


def with_legal_status(groups, day=None):
    """Annotate working groups with `has_valid_decree` and `has_decree` for `legal_status`."""
    day = day or timezone.localdate()
    decrees = Decree.objects.filter(working_group=OuterRef("pk"))
    return groups.annotate(
        has_valid_decree=Exists(decrees.valid_on(day)),
        has_decree=Exists(decrees),
    )


def legal_status(group) -> LegalStatus:
    """The legal status of a working group annotated by `with_legal_status` (or None)."""
    if group is None:
        return LegalStatus.NONE
    if group.has_valid_decree:
        return LegalStatus.ACTIVE
    if group.has_decree:
        return LegalStatus.EXPIRED
    return LegalStatus.FORMING
