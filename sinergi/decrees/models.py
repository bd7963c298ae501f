import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.lib.plausible import plausible_date, recorded_date
from sinergi.lib.uploads import SCAN_KINDS, FileKindValidator
from sinergi.pokja.models import Membership, WorkingGroup


class LegalStatus(models.TextChoices):
    """A working group's legal standing, derived from its decrees; never stored. The labels are
    the one vocabulary of every page, export and map legend (docs/glossary.md): a valid decree is
    never called "active", which would mix it up with the activeness index (keaktifan). The codes
    are the API's and stay as they are."""

    NONE = "none", _("No working group")
    FORMING = "forming", _("In formation")
    ACTIVE = "active", _("Valid decree")
    EXPIRING = "expiring", _("Valid decree, ending soon")
    EXPIRED = "expired", _("Decree expired")

    @classmethod
    def valid(cls):
        """The statuses under which a decree is in force."""
        return {cls.ACTIVE, cls.EXPIRING}


def expiring_window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.DECREE_EXPIRING_DAYS)


def normalise_number(number: str) -> str:
    """A decree number as stored: no outer spaces, single spaces inside, none around "/"
    ("050 / Kep.112" is "050/Kep.112"). Case is kept as typed; numbers compare without it."""
    return re.sub(r"\s*/\s*", "/", " ".join(str(number).split()))


UNIQUE_NUMBER = "decree_unique_number"


class DecreeQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The decrees in force on `day` (see `decree_in_force` for the one of a group)."""
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class Decree(models.Model):
    """The decree (SK) of the governor, regent or mayor that establishes a working group for a
    period, usually one calendar year."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Not yet in force")
        VALID = "valid", _("Valid")
        EXPIRING = "expiring", _("Expiring")
        EXPIRED = "expired", _("Expired")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="decrees",
    )
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=300, blank=True)
    signed_on = models.DateField(_("date signed"), validators=[recorded_date()])
    signatory = models.CharField(
        _("signatory"),
        max_length=120,
        help_text=_(
            "The office that signed: Gubernur, Bupati, Wali Kota, or for the national "
            "working group the Bappenas official."
        ),
    )
    valid_from = models.DateField(_("valid from"), validators=[plausible_date()])
    valid_until = models.DateField(_("valid until"), validators=[plausible_date()])
    scan = models.FileField(
        _("signed scan"),
        upload_to="decrees/%Y/",
        blank=True,
        validators=[FileKindValidator(SCAN_KINDS)],
        help_text=_("PDF or image of the signed decree."),
    )
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
            # The decree valid today for every group (directory, compliance, reminders).
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
            # One decree per number in a group: a double post records it once.
            models.UniqueConstraint(
                F("working_group"),
                Lower("number"),
                name=UNIQUE_NUMBER,
                violation_error_message=_(
                    "A decree with this number is already recorded for this working group."
                ),
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.number = normalise_number(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("decrees:detail", args=[self.working_group.code, self.pk])

    def status_on(self, day: datetime.date) -> "Decree.Status":
        if day < self.valid_from:
            return self.Status.UPCOMING
        if day > self.valid_until:
            return self.Status.EXPIRED
        if self.valid_until - day < expiring_window():
            return self.Status.EXPIRING
        return self.Status.VALID

    def with_number(self, number):
        """The other decree of this decree's working group recorded under `number` (compared
        as stored: normalised, without case), or None."""
        if self.working_group_id is None:
            return None
        return (
            Decree.objects.filter(
                working_group_id=self.working_group_id, number__iexact=normalise_number(number)
            )
            .exclude(pk=self.pk)
            .first()
        )

    @property
    def appointments_fixed(self) -> bool:
        """Whether the list of who this decree appointed can no longer change: the decree has
        its signed scan and appoints someone. Until then (a decree recorded before its scan, or
        before its roster, as a formation records it) the secretariat may still correct who it
        appoints; each change is in the change history."""
        return bool(self.scan) and self.appointments.exists()

    def set_appointments(self, memberships) -> None:
        """Make `memberships` the ones this decree appointed. An appointment already recorded
        keeps its snapshot (a later change of position never reaches it); a newly ticked
        membership is recorded as it is now; an unticked one is removed. Appointments whose
        membership no longer exists stay. For a decree whose list is not yet fixed
        (`appointments_fixed`); the form enforces that."""
        wanted = {m.pk: m for m in memberships}
        recorded = set(self.appointments.values_list("membership_id", flat=True))
        self.appointments.filter(membership__isnull=False).exclude(
            membership_id__in=wanted
        ).delete()
        Appointment.objects.bulk_create(
            Appointment.of(self, m) for pk, m in wanted.items() if pk not in recorded
        )

    def appointment_list(self) -> list["Appointment"]:
        """Who this decree appointed, as recorded, in the order of a decree's appendix."""
        return sorted(self.appointments.all(), key=Appointment.appendix_order)


class Appointment(models.Model):
    """One membership a decree appointed, as it stood when the decree was recorded: the name,
    NIP, position, field and institution are copied, so that a later change of the membership
    or the person never rewrites what a signed decree says. Never updated; see
    `Decree.set_appointments`."""

    decree = models.ForeignKey(
        Decree,
        verbose_name=_("decree"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    # The link to the roster; kept when the membership is removed as a mistake: the decree
    # still said what it said.
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decree_appointments",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    job_title = models.CharField(_("position in the institution"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Membership.Position.choices)
    field = models.CharField(
        _("field (bidang)"), max_length=20, choices=Membership.Field.choices, blank=True
    )
    institution_name = models.CharField(_("institution represented"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decree", "membership"], name="appointment_once_per_decree"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} · {self.get_position_display()}"

    @classmethod
    def of(cls, decree, membership) -> "Appointment":
        """The unsaved appointment of `membership` by `decree`, copied from it as it is now
        (its person and institutions loaded, or a few queries)."""
        person = membership.person
        institution = membership.institution or person.institution
        return cls(
            decree=decree,
            membership=membership,
            full_name=person.full_name,
            nip=person.nip,
            job_title=person.job_title,
            position=membership.position,
            field=membership.field,
            institution_name=institution.name if institution else "",
        )

    @staticmethod
    def appendix_order(appointment):
        positions = Membership.Position.values
        rank = (
            positions.index(appointment.position)
            if appointment.position in positions
            else len(positions)
        )
        return (rank, appointment.full_name.casefold(), appointment.pk or 0)


# Which decree of a working group is "the" decree, decided once. A group's decrees are few (about
# one a year), so both functions take them all (a queryset or a list) and choose in memory.


def _runs_latest(decree):
    return (decree.valid_until, decree.valid_from, decree.signed_on, decree.pk)


def latest_decree(decrees) -> "Decree | None":
    """The decree among `decrees` (one working group's) that runs latest, in force or not: a
    renewal signed ahead rather than the decree it renews, the last one of an expired group, an
    upcoming one of a group in formation; None when there is none. Of decrees that end on the
    same day, the one that starts last, then the one signed last.

    For "the latest decree" of a group and how long it covers the group (the compliance
    overview), and for pages that show a decree even when none is in force."""
    return max(decrees, key=_runs_latest, default=None)


def decree_in_force(decrees, day) -> "Decree | None":
    """The current decree: the decree among `decrees` (one working group's) in force on `day`,
    or None when none is (expired, or only signed ahead; ask `latest_decree` for the last one).
    Of several in force (a replacement overlapping the decree it replaces), the one that runs
    latest, as `latest_decree` orders them."""
    return latest_decree(d for d in decrees if d.valid_from <= day <= d.valid_until)


def with_legal_status(groups, day=None):
    """Annotate working groups for `legal_status`: whether a decree is valid on `day`, whether
    one ended before it, and until when the decrees valid from `day` on (renewals included) run.
    """
    day = day or timezone.localdate()
    decrees = Decree.objects.filter(working_group=OuterRef("pk"))
    covered_until = (
        decrees.filter(valid_until__gte=day)
        .values("working_group")
        .annotate(until=Max("valid_until"))
        .values("until")
    )
    return groups.annotate(
        has_valid_decree=Exists(decrees.valid_on(day)),
        has_past_decree=Exists(decrees.filter(valid_until__lt=day)),
        decrees_valid_until=Subquery(covered_until),
    )


def legal_status(group, day=None) -> LegalStatus:
    """The legal status of a working group annotated by `with_legal_status` (or None)."""
    if group is None:
        return LegalStatus.NONE
    if group.has_valid_decree:
        day = day or timezone.localdate()
        if group.decrees_valid_until - day < expiring_window():
            return LegalStatus.EXPIRING
        return LegalStatus.ACTIVE
    if group.has_past_decree:
        return LegalStatus.EXPIRED
    # No decree yet, or only one that starts later: not yet established.
    return LegalStatus.FORMING


def legal_status_of(group, day=None) -> LegalStatus:
    """The legal status of one working group, with its own queries."""
    annotated = with_legal_status(WorkingGroup.objects.filter(pk=group.pk), day).get()
    return legal_status(annotated, day)


class DecreeTemplate(models.Model):
    """A DOCX template for draft decrees, uploaded by the national secretariat in the admin.
    The newest active template of a level is used."""

    class Level(models.TextChoices):
        PROVINCE = "provinsi", _("Province (Keputusan Gubernur)")
        REGENCY = "kabupaten_kota", _("Regency or city (Keputusan Bupati / Wali Kota)")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(
        _("DOCX template"),
        upload_to="decree-templates/",
        validators=[FileKindValidator(["office"])],
        help_text=_("A Word document with template variables; see docs/decree-templates.md."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decree template")
        verbose_name_plural = _("decree templates")
        ordering = ["level", "-uploaded"]

    def __str__(self):
        return f"{self.get_level_display()}: {self.name}"
