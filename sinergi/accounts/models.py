import datetime
import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Access to working groups comes from `pokja.Role`."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("May sign in to the Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Notification(models.Model):
    """Something a user should know or do, shown in the app and, when wanted, e-mailed.
    Created only through `accounts.notifications.notify()`. `key` names the event: a user hears
    of each event once, however often the daily `send_reminders` runs."""

    class Kind(models.TextChoices):
        DECREE_EXPIRING = "decree_expiring", _("Decree expiring")
        DECREE_EXPIRED = "decree_expired", _("Decree expired")
        DECREE_DIGEST = "decree_digest", _("Decrees in the province")
        FACILITY_FAILURE = "facility_failure", _("Facility not working")
        MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
        ACTION_NEW = "action_new", _("New action item")
        ACTION_DUE = "action_due", _("Action item due soon")
        ACTION_OVERDUE = "action_overdue", _("Action item overdue")
        ACCESS_REQUEST = "access_request", _("Request for secretariat access")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("event"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # A path on this site, in its Indonesian (plain) form.
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            # A user's unread notifications, newest first: the count in the page header.
            models.Index(
                fields=["user", "-created"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            # notify()'s once-only rule; its index also serves a user's notifications page.
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_user_key"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification: e-mail as well, or in the app only. With no
    row, a kind is e-mailed."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Notification.Kind.choices)
    email = models.BooleanField(_("also by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self):
        return f"{self.user} / {self.kind}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True, expires__gt=timezone.now())


class ApiTokenManager(models.Manager.from_queryset(ApiTokenQuerySet)):
    def issue(self, user, name, days=90, read_only=False):
        """A new token and its key. The key is shown once: only its hash is stored."""
        key = secrets.token_urlsafe(30)
        token = self.create(
            user=user,
            name=name,
            prefix=key[: ApiToken.PREFIX_LENGTH],
            key_hash=ApiToken.hash_key(key),
            expires=timezone.now() + datetime.timedelta(days=days),
            read_only=read_only,
        )
        return token, key

    def for_key(self, key: str):
        """The active token of `key` with its user, or None."""
        tokens = self.active().filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        try:
            return tokens.select_related("user").get()
        except self.model.DoesNotExist:
            return None


class ApiToken(models.Model):
    """A key for API clients (`Authorization: Token <key>`), named and revocable by its user.

    Only the SHA-256 of the key is stored: keys are long random strings, so a plain hash cannot
    be reversed, and a database leak yields no usable key.
    """

    PREFIX_LENGTH = 8
    LAST_USED_EVERY = datetime.timedelta(hours=1)

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The key's first characters, so its owner can tell keys apart.
    prefix = models.CharField(_("begins with"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)  # also the index of every API call
    read_only = models.BooleanField(
        _("read only"), default=False, help_text=_("May only read (GET), never change data.")
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()

    def touch(self):
        """Note the use, at most once per LAST_USED_EVERY: no write on every request."""
        now = timezone.now()
        if self.last_used is None or now - self.last_used >= self.LAST_USED_EVERY:
            self.last_used = now
            ApiToken.objects.filter(pk=self.pk).update(last_used=now)

    def revoke(self):
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])


class FormSubmission(models.Model):
    """A form page sent once. Each page with a form carries a fresh token (`{% submit_once %}`);
    the first request that sends it claims it here, and where that request led is kept, so a
    double click or a resend is led to the same place instead of saving twice. See
    `sinergi.accounts.once`. Rows older than a day are swept on the next claim."""

    token = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty while the first request runs; then the address it redirected to.
    result = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return f"{self.user_id}: {self.result or '…'}"
