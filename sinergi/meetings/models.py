"""Coordination: meetings and other activities of a working group, who was invited and who
came, the decisions taken, and the action items that follow them up."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinergi.lib.plausible import plausible_date, recorded_date
from sinergi.lib.text import one_line
from sinergi.lib.uploads import FileKindValidator
from sinergi.monitoring.models import Indicator
from sinergi.planning.models import Activity, WorkPlan
from sinergi.pokja.models import Institution, Person, WorkingGroup
from sinergi.programmes.models import Programme
from sinergi.regions.models import time_zone_of, zone_name

EVIDENCE_KINDS = ["pdf", "jpeg", "png"]
MINUTES_KINDS = ["pdf", "office", "jpeg", "png"]


class Meeting(models.Model):
    """A meeting or other activity of a working group (rapat koordinasi, sosialisasi, ...)."""

    class Kind(models.TextChoices):
        COORDINATION = "koordinasi", _("Coordination meeting")
        PLANNING = "perencanaan", _("Planning")
        ADVOCACY = "advokasi", _("Advocacy")
        SOCIALISATION = "sosialisasi", _("Socialisation")
        MONITORING_VISIT = "kunjungan_monev", _("Monitoring visit")
        TRAINING = "pelatihan", _("Training")
        OTHER = "lainnya", _("Other")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, validators=[one_line])
    starts_at = models.DateTimeField(_("starts at"), validators=[plausible_date()])
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, validators=[plausible_date()]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # Plain text with light Markdown-style formatting; always rendered escaped.
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(
        _("minutes (file)"),
        upload_to="rapat/notulen/%Y/",
        blank=True,
        validators=[FileKindValidator(MINUTES_KINDS)],
    )
    attendance_file = models.FileField(
        _("signed attendance list"),
        upload_to="rapat/daftar-hadir/%Y/",
        blank=True,
        validators=[FileKindValidator(EVIDENCE_KINDS)],
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes discussed"), blank=True, related_name="meetings"
    )
    work_plans = models.ManyToManyField(
        WorkPlan, verbose_name=_("work plans discussed"), blank=True, related_name="meetings"
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # The iCalendar SEQUENCE: one more at each change of time or place and at cancellation, so
    # that calendars replace the invitation they hold (RFC 5545, 3.8.7.4).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["working_group", "starts_at"]),
            # Every meeting in scope, latest first: the API for a province or the nation.
            models.Index(fields=["starts_at", "id"], name="meeting_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.working_group.region.code, self.pk])

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def time_zone(self):
        """The zone of the working group's region, in which the meeting's times are entered and
        shown (WIB, WITA or WIT)."""
        return time_zone_of(self.working_group.region.code)

    @property
    def zone_name(self) -> str:
        return zone_name(self.time_zone)


class Participant(models.Model):
    """Someone invited to a meeting: a person of the roster (or any Person record), or a guest
    known only by name. Attendance is recorded after the meeting."""

    class Attendance(models.TextChoices):
        PRESENT = "hadir", _("Present")
        EXCUSED = "izin", _("Excused")
        ABSENT = "tidak_hadir", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True)
    guest_institution = models.CharField(_("guest institution"), max_length=200, blank=True)
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, blank=True
    )
    # When an invitation went out by e-mail to someone without an account (guests, persons
    # without a user); invitees with an account hear through notify(), which keeps its own record.
    notified = models.DateTimeField(_("invitation e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="participant_unique_person",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""),
                name="participant_person_or_guest",
            ),
        ]

    def __str__(self):
        return self.person.full_name if self.person_id else self.guest_name

    @property
    def name(self) -> str:
        return str(self)

    @property
    def email(self) -> str:
        return self.person.email if self.person_id else self.guest_email


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, day: datetime.date | None = None):
        return self.open().filter(due_on__lt=day or timezone.localdate())

    def owned_by_user(self, user):
        """Items owned by the user's person record."""
        return self.filter(owner_person__user=user)


class ActionItem(models.Model):
    """Something to do, from a decision or free-standing, with an owner and a due date. It may
    name the plan activity, programme or indicator it should move, so that a decision can be
    traced to its effect."""

    class Status(models.TextChoices):
        OPEN = "terbuka", pgettext_lazy("action item", "Open")
        DONE = "selesai", _("Done")
        DROPPED = "dibatalkan", _("Dropped")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("action"), max_length=300, validators=[one_line])
    description = models.TextField(_("details"), blank=True)
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("owner (member)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_institution = models.ForeignKey(
        Institution,
        verbose_name=_("owner (institution)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due date"), validators=[plausible_date()])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[recorded_date()]
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("plan activity it moves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme it moves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator it moves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["working_group", "status", "due_on"]),
            models.Index(fields=["owner_person", "status", "due_on"]),
            # Every action item in scope by due date: the API for a province or the nation.
            models.Index(fields=["due_on", "id"], name="action_item_due_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_institution__isnull=False),
                name="action_item_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(status="terbuka", closed_on__isnull=True)
                | (~Q(status="terbuka") & Q(closed_on__isnull=False)),
                name="action_item_closed_on_when_closed",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.owner_person_id and not self.owner_institution_id:
            raise ValidationError(_("Name the member or the institution that owns the action."))

    @property
    def owner_name(self) -> str:
        if self.owner_person_id:
            return self.owner_person.full_name
        return str(self.owner_institution)

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (day or timezone.localdate())

    @property
    def closed_on_time(self) -> bool | None:
        """Done by the due date; None while open or when dropped."""
        if self.status != self.Status.DONE:
            return None
        return self.closed_on <= self.due_on


class CalendarFeed(models.Model):
    """A private iCalendar address: the user's own meetings, or one working group's. Anyone with
    the address can read the feed, so it is revocable; a revoked or out-of-scope feed is 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    # SHA-256 of the token in the address: the address is shown once, when it is made, and a
    # copy of the database opens no feed.
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            # One live feed per user and group, and one of the user's own (SQLite has no
            # NULLS NOT DISTINCT, hence two constraints).
            models.UniqueConstraint(
                fields=["user", "working_group"],
                condition=Q(revoked__isnull=True, working_group__isnull=False),
                name="calendar_feed_one_live_per_group",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked__isnull=True, working_group__isnull=True),
                name="calendar_feed_one_live_own",
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.working_group or '-'}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
