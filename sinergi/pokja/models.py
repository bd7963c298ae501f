from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sinergi.lib.plausible import plausible_date, recorded_date
from sinergi.lib.uploads import DOCUMENT_KINDS, FileKindValidator
from sinergi.regions.models import Region, time_zone_of


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

    class CoreRole(models.TextChoices):
        """The function an institution fills in the recommended core of a working group."""

        PLANNING = "perencanaan", _("Development planning (Bappenas / Bappeda)")
        PUBLIC_WORKS = "pekerjaan_umum", _("Public works")
        HOME_AFFAIRS = "dalam_negeri", _("Home affairs")
        HEALTH = "kesehatan", _("Health")
        EDUCATION = "pendidikan", _("Education")
        ENVIRONMENT = "lingkungan_hidup", _("Environment")
        FINANCE = "keuangan", _("Finance")
        STATISTICS = "statistik", _("Statistics")
        VILLAGE_EMPOWERMENT = "pemberdayaan_desa", _("Community and village empowerment")
        FORESTRY = "kehutanan", _("Forestry")
        COMMUNICATION = "kominfo", _("Communication and informatics")
        UNIVERSITY = "perguruan_tinggi", _("University")
        NGO = "lsm", _("NGO")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    core_role = models.CharField(
        _("core function"),
        max_length=20,
        choices=CoreRole.choices,
        blank=True,
        help_text=_("Which recommended core function of a working group this institution fills."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="institutions"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

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
        return self.name


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
    contact_person = models.ForeignKey(
        "Person",
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Shown publicly with their name and office only."),
    )
    email = models.EmailField(_("office e-mail"), blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    formed_on = models.DateField(
        _("formed on"), null=True, blank=True, validators=[recorded_date()]
    )
    # Until the planning module holds the strategic plan itself, its adopted document is kept
    # here so that the year-one check can run.
    strategic_plan_file = models.FileField(
        _("strategic plan (Renstra) document"),
        upload_to="renstra/",
        blank=True,
        validators=[FileKindValidator(DOCUMENT_KINDS)],
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
        return reverse("portal:profile", args=[self.code])

    def clean(self):
        if self.region_id and self.region.level > Region.Level.REGENCY:
            raise ValidationError(
                {"region": _("Working groups exist at national, province and regency/city level.")}
            )

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def time_zone(self):
        """The zone of the group's region (WIB, WITA or WIT), in which its pages show times."""
        return time_zone_of(self.region.code)

    def memberships_on(self, day):
        return self.memberships.active_on(day)

    def member_institutions(self, day=None):
        """Institutions represented in the roster on `day` (today by default)."""
        day = day or timezone.localdate()
        return Institution.objects.filter(
            pk__in=self.memberships.active_on(day).values("institution")
        ).order_by("name")


class GroupName(models.Model):
    """The name and kind a working group carried from a date: Pokja AMPL → Pokja PPAS → ..."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=WorkingGroup.Kind.choices)
    since = models.DateField(
        _("since"),
        null=True,
        blank=True,
        validators=[recorded_date()],
        help_text=_("Empty when unknown."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For example the forums that merged into this one."),
    )

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("names over time")
        ordering = ["working_group", models.F("since").desc(nulls_last=True)]

    def __str__(self):
        return f"{self.name} ({self.since})"


class RoleQuerySet(models.QuerySet):
    def in_force(self, day=None):
        """Roles that give rights on `day` (today by default): `starts_on` is the first day
        and `ends_on` the last."""
        day = day or timezone.localdate()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
        )


class Role(models.Model):
    """What a user may do in one working group. Not a position in the Pokja's decree. Its
    rights follow the person's membership: a successor's start on its first day (`starts_on`),
    and they end on its last day (`ends_on`)."""

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
    starts_on = models.DateField(
        _("first day"),
        null=True,
        blank=True,
        help_text=_("The first day of the membership it comes from, if still ahead."),
    )
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("The last day of the membership it comes from; empty while that is open."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoleQuerySet.as_manager()

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


class Person(models.Model):
    """Someone who holds or held a position in a working group; most never sign in."""

    full_name = models.CharField(_("full name"), max_length=150)
    is_civil_servant = models.BooleanField(_("civil servant (ASN)"), default=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{18}$", _("A NIP has 18 digits.")),
        ],
        help_text=_("Civil servant number (18 digits)."),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    job_title = models.CharField(_("position in the institution"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~models.Q(nip=""),
                name="person_unique_nip",
                violation_error_message=_("Another person already has this NIP."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_civil_servant=True) | models.Q(nip=""),
                name="person_nip_only_for_civil_servants",
                violation_error_message=_("Only a civil servant has a NIP."),
            ),
        ]

    def __str__(self):
        return self.full_name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        """Memberships in force on `day`; the end date is the last day in office."""
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day), started_on__lte=day
        )

    def current(self):
        return self.active_on(timezone.localdate())

    def overlapping(self, started_on, ended_on=None):
        """Memberships sharing at least one day with `started_on`..`ended_on` (open when None)."""
        found = self.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=started_on))
        return found if ended_on is None else found.filter(started_on__lte=ended_on)


class Membership(models.Model):
    """A person's position in a working group for a period: the record of who the working group
    was on any past date. Never edited to mean something else (a new position is a new
    membership from a date) and removed only when entered by mistake (`pokja.removal`)."""

    class Position(models.TextChoices):
        # In the order of a decree's appendix.
        PATRON = "pembina", _("Patron (pembina)")
        STEERING = "pengarah", _("Steering (pengarah)")
        CHAIR = "ketua", _("Chair")
        VICE_CHAIR = "wakil_ketua", _("Vice chair")
        SECRETARY = "sekretaris", _("Secretary")
        TREASURER = "bendahara", _("Treasurer")
        FIELD_COORDINATOR = "koordinator_bidang", _("Field coordinator")
        MEMBER = "anggota", _("Member")
        SECRETARIAT_STAFF = "staf_sekretariat", _("Secretariat staff")
        DATA_OPERATOR = "operator_data", _("Data operator")

    class Field(models.TextChoices):
        WATER = "air_minum", _("Drinking water")
        WASTEWATER = "air_limbah", _("Wastewater")
        SOLID_WASTE = "persampahan", _("Solid waste")
        DRAINAGE = "drainase", _("Drainage")
        HYGIENE = "higiene_stbm", _("Hygiene / STBM")
        INSTITUTIONS = "kelembagaan", _("Institutions")
        REGULATION = "regulasi", _("Regulation")
        FUNDING = "pendanaan", _("Funding")
        COMMUNICATION = "komunikasi", _("Communication / campaigns")
        DATA = "data_monev", _("Data and M&E")

    class EndReason(models.TextChoices):
        TRANSFER = "mutasi", _("Transfer (mutasi)")
        PROMOTION = "promosi", _("Promotion")
        RETIREMENT = "pensiun", _("Retirement")
        RESIGNATION = "mengundurkan_diri", _("Resignation")
        TERM_ENDED = "masa_tugas_berakhir", _("End of term")
        # The person stays: the next membership starts the day after (see
        # actions.do_change_position).
        POSITION_CHANGE = "perubahan_jabatan", _("Change of position")
        OTHER = "lainnya", _("Other")

    # Reasons after which the successor needs the leaving member's knowledge.
    HANDOVER_REASONS = {EndReason.TRANSFER, EndReason.PROMOTION}

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    field = models.CharField(_("field (bidang)"), max_length=20, choices=Field.choices, blank=True)
    duties = models.TextField(_("duties (tupoksi)"), blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    started_on = models.DateField(_("start date"), validators=[plausible_date()])
    ended_on = models.DateField(_("end date"), null=True, blank=True, validators=[plausible_date()])
    end_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True
    )
    is_knowledge_holder = models.BooleanField(
        _("knowledge holder"),
        default=False,
        help_text=_("Keeps the working group's knowledge across changes of people."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["working_group", "started_on"]
        indexes = [
            # The roster of a group on a date: group, then the period.
            models.Index(
                fields=["working_group", "started_on", "ended_on"], name="membership_roster"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | models.Q(ended_on__isnull=False) & ~models.Q(end_reason=""),
                name="membership_end_has_reason",
                violation_error_message=_("An end date needs a reason, and a reason an end date."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_position_display()}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on >= today)

    def overlaps(self):
        """The person's other memberships in the same group that share a day with this one: one
        person holds one position in a group at a time."""
        others = Membership.objects.filter(
            person=self.person_id, working_group=self.working_group_id
        ).exclude(pk=self.pk)
        return others.overlapping(self.started_on, self.ended_on)

    def check_no_overlap(self):
        """Refuse a period that overlaps another membership of the person in the group. Called
        where a membership is created or its start moves, not in clean(): a membership that
        already overlaps (entered before this rule) can still be ended or corrected."""
        other = self.overlaps().select_related("person").first()
        if other is not None:
            raise ValidationError(overlap_message(other), code="overlap")

    def appointed_by_decree(self) -> bool:
        """Whether a decree appointed this membership (decrees.Appointment, the decree's copy
        of it). Its position, field and institution then change only from a date
        (actions.do_change_position), never in place, so the roster agrees with the decree."""
        return self.decree_appointments.exists()


def overlap_message(other) -> str:
    """Why a membership that overlaps `other` (of the same person and group) is refused."""
    values = {
        "name": other.person.full_name,
        "position": other.get_position_display(),
        "start": date_format(other.started_on, "j F Y"),
    }
    if other.ended_on is None:
        return (
            _(
                "%(name)s already holds a position in this working group (%(position)s since "
                "%(start)s). To change their position, field or institution, use “Change "
                "position from a date” on the roster; to correct that membership, edit it."
            )
            % values
        )
    values["end"] = date_format(other.ended_on, "j F Y")
    return (
        _(
            "%(name)s held a position in this working group at that time (%(position)s from "
            "%(start)s to %(end)s); one person holds one position at a time."
        )
        % values
    )


class Handover(models.Model):
    """Serah terima: what passes from a member who leaves to their successor."""

    leaving = models.OneToOneField(
        Membership,
        verbose_name=_("leaving membership"),
        on_delete=models.PROTECT,
        related_name="handover_out",
    )
    successor = models.OneToOneField(
        Membership,
        verbose_name=_("successor's membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handover_in",
    )
    notes = models.TextField(_("what the successor must know"), blank=True)
    open_items = models.TextField(_("open work and action items"), blank=True)
    documents = models.TextField(_("documents held"), blank=True)
    key_contacts = models.TextField(_("key contacts"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    completed = models.DateTimeField(_("successor named"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created"]

    def __str__(self):
        return str(self.leaving)

    @property
    def working_group(self):
        return self.leaving.working_group

    @property
    def is_pending(self) -> bool:
        return self.successor_id is None


class InvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Invitations that can still be accepted."""
        now = now or timezone.now()
        return self.filter(accepted__isnull=True, revoked__isnull=True, expires__gt=now)


class Invitation(models.Model):
    """A one-time link that gives a person of the roster an account and an access role."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="invitations"
    )
    kind = models.CharField(_("access role"), max_length=12, choices=Role.Kind.choices)
    email = models.EmailField(_("e-mail"))
    # SHA-256 of the token: the token itself exists only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    accepted = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Set when a secretariat withdraws it, a newer one is sent or the membership ends.
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.email} → {self.working_group}"

    def is_usable(self, now=None) -> bool:
        return (
            self.accepted is None
            and self.revoked is None
            and (now or timezone.now()) < self.expires
        )


class Removal(models.Model):
    """A record removed because it was entered by mistake (pokja/removal.py): what it was, why,
    by whom and when, and its fields as they were. Deleted rows leave the pages; this stays in
    the working group's change history."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="removals",
    )
    # The model's label ("planning.Activity"): what kind of record it was.
    model = models.CharField(_("kind of record"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record id"))
    label = models.CharField(_("record"), max_length=300)
    reason = models.CharField(_("reason"), max_length=500)
    # What went with it, in words: "2 budget lines, 1 quarterly realisation".
    removed_with = models.CharField(_("removed with it"), max_length=500, blank=True)
    snapshot = models.JSONField(_("fields when removed"), default=dict)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now)

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        ordering = ["-removed_at", "-pk"]
        indexes = [
            # The latest removals of a group (the workspace's change history).
            models.Index(fields=["working_group", "-removed_at"], name="removal_group_latest"),
        ]

    def __str__(self):
        return f"{self.kind} · {self.label}"

    @property
    def kind(self) -> str:
        """The kind of record in the current language ("activity"), or its label when the
        model no longer exists."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.model)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.model


class AccessRequest(models.Model):
    """A signed-in user's request for secretariat access to a working group (an officer of the
    region's Bappeda, say), decided by the secretariat above it (pokja/onboarding.py). An
    approval puts the requester on the roster and gives the role; a refusal says why."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    job_title = models.CharField(_("position in the institution"), max_length=200)
    institution_name = models.CharField(_("institution"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created", "-pk"]
        indexes = [
            # The pending requests to decide, by region (the deciders' list).
            models.Index(fields=["status", "working_group"], name="access_request_pending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "working_group"],
                condition=models.Q(status="pending"),
                name="access_request_one_pending",
                violation_error_message=_(
                    "You already have a pending request for this working group."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(reason=""),
                name="access_request_refusal_has_reason",
                violation_error_message=_("A refusal needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.working_group}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
