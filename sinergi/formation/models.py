from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.lib.plausible import plausible_date, recorded_date
from sinergi.lib.uploads import DOCUMENT_KINDS, FileKindValidator
from sinergi.pokja.models import Institution, WorkingGroup


class Formation(models.Model):
    """The forming (pembentukan) of a region's working group, in the source's four steps.

    The working group exists from the start, "in formation" until its first decree; the
    formation is complete when that decree is recorded, which is derived, never stored.
    """

    working_group = models.OneToOneField(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="formation",
    )
    lead_institution = models.ForeignKey(
        Institution,
        verbose_name=_("lead institution"),
        on_delete=models.PROTECT,
        related_name="formations_led",
        help_text=_("Usually the Bappeda of the region."),
    )
    started_on = models.DateField(
        _("started on"), default=timezone.localdate, validators=[recorded_date()]
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Step 2: orientation and agreement to form (the signed agreement is its evidence).
    orientation_meeting_on = models.DateField(
        _("orientation meeting"), null=True, blank=True, validators=[plausible_date()]
    )
    # Step 3: model and structure.
    structure = models.TextField(
        _("chosen model and structure"),
        blank=True,
        help_text=_("For example: chaired by the head of the Bappeda, with four fields."),
    )
    positions = models.TextField(
        _("positions"), blank=True, help_text=_("The positions and which institution fills each.")
    )
    # Step 4: direction and programme.
    directions = models.TextField(_("first directions"), blank=True)
    priorities = models.TextField(_("priorities"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["working_group__region__code"]

    def __str__(self):
        return str(self.working_group)

    def get_absolute_url(self):
        return reverse("formation:tracker", args=[self.working_group.code])

    def first_decree(self):
        """The decree that activated the working group and completed the formation, or None."""
        return self.working_group.decrees.order_by("signed_on", "pk").first()


class FormationStep(models.Model):
    class Number(models.IntegerChoices):
        ACTORS = 1, _("Map the actors")
        ORIENTATION = 2, _("Orientation and agreement to form")
        STRUCTURE = 3, _("Choose the model and structure")
        DIRECTION = 4, _("Set the direction and programme")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # What each step asks for, shown on the tracker.
    GUIDANCE = {
        Number.ACTORS: _(
            "List the institutions that have a stake in water and sanitation, with their "
            "interest and influence."
        ),
        Number.ORIENTATION: _(
            "Hold an orientation meeting and record the agreement to form the working group; "
            "the signed minutes (berita acara) are the evidence."
        ),
        Number.STRUCTURE: _("Choose the model of the working group, its structure and positions."),
        Number.DIRECTION: _("Agree on the first directions and priorities of the programme."),
    }
    # Fields of the formation that each step fills.
    FORMATION_FIELDS = {
        Number.ACTORS: [],
        Number.ORIENTATION: ["orientation_meeting_on"],
        Number.STRUCTURE: ["structure", "positions"],
        Number.DIRECTION: ["directions", "priorities"],
    }

    formation = models.ForeignKey(
        Formation, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("step"), choices=Number.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    started_on = models.DateField(
        _("started on"), null=True, blank=True, validators=[recorded_date()]
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[recorded_date()])
    notes = models.TextField(_("notes"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("formation step")
        verbose_name_plural = _("formation steps")
        ordering = ["formation_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["formation", "number"], name="formation_step_once"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=4), name="formation_step_1_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(done_on__gte=models.F("started_on")),
                name="formation_step_done_after_start",
                violation_error_message=_("A step cannot be done before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.get_number_display()}"

    @property
    def guidance(self):
        return self.GUIDANCE[self.number]

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class Stakeholder(models.Model):
    """A candidate institution on the stakeholder map of step 1."""

    class Level(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")

    formation = models.ForeignKey(
        Formation,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For an actor not in the institution catalogue."),
    )
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Level.choices)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Level.choices)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["formation_id", "-influence", "-interest", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=False) | ~models.Q(name=""),
                name="stakeholder_is_named",
                violation_error_message=_("Choose an institution or give a name."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.institution.name if self.institution_id else self.name


class Evidence(models.Model):
    """A document that shows a step was taken: minutes, attendance, the signed agreement."""

    step = models.ForeignKey(
        FormationStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="formation/%Y/",
        validators=[FileKindValidator(DOCUMENT_KINDS)],
        help_text=_("PDF, image, or Word, Excel or PowerPoint document."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["step_id", "uploaded", "pk"]

    def __str__(self):
        return self.title
