from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.regions.models import Region


class Institution(models.Model):
    """A member institution (lembaga) of working groups, located in a region."""

    class Category(models.TextChoices):
        MINISTRY = "kementerian", _("Ministry / national agency")
        AGENCY = "opd", _("Regional agency (OPD / dinas)")
        BAPPEDA = "bappeda", _("Regional planning agency (Bappeda)")
        UNIVERSITY = "perguruan_tinggi", _("University")
        LEGISLATURE = "dprd", _("Regional legislature (DPRD)")
        PRIVATE = "swasta", _("Private company")
        NGO = "lsm", _("NGO")
        PKK = "pkk", _("PKK (family welfare movement)")
        MEDIA = "media", _("Mass media")
        ASSOCIATION = "asosiasi", _("Professional association")
        DONOR = "donor", _("Donor / development partner")
        COMMUNITY = "masyarakat", _("Community group")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="institutions"
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region"],
                name="institution_unique_name_region",
                violation_error_message=_("This region already has an institution of that name."),
            ),
        ]

    def __str__(self):
        return self.acronym or self.name


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The working groups whose internal pages `user` may read (see pokja/access.py)."""
        from sinergi.pokja.access import visible_filter

        return self.filter(visible_filter(user))

    def editable_by(self, user):
        from sinergi.pokja.access import editable_filter

        return self.filter(editable_filter(user))


class WorkingGroup(models.Model):
    """A Pokja AMPL, or the equivalent forum that serves as one, of one region."""

    class Kind(models.TextChoices):
        AMPL = "ampl", _("Pokja AMPL")
        SANITATION = "sanitasi", _("Pokja Sanitasi / PPSP")
        PPAS = "ppas", _("Pokja PPAS")
        PKP = "pkp", _("Pokja PKP")
        OTHER = "lainnya", _("Other equivalent forum")

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="working_group"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AMPL)
    secretariat_address = models.TextField(_("secretariat address"), blank=True)
    contact_institution = models.ForeignKey(
        Institution,
        verbose_name=_("contact institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Usually the Bappeda; Bappenas for the national working group."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    member_institutions = models.ManyToManyField(
        Institution, verbose_name=_("member institutions"), blank=True, related_name="+"
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Created by load_demo; shown with a label.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["region__code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pokja:detail", args=[self.code])

    def clean(self):
        if self.region_id and self.region.level > Region.Level.REGENCY:
            raise ValidationError(
                {"region": _("Working groups exist at national, province and regency/city level.")}
            )

    @property
    def code(self) -> str:
        return self.region.code


class Role(models.Model):
    """What a user may do in one working group. Not a position in the Pokja's decree."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["working_group__region__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "working_group"],
                name="role_one_per_user_and_group",
                violation_error_message=_("This user already has a role in this working group."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.working_group}"
