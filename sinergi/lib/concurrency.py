"""No lost update: a form that edits a stored record refuses to save over a change someone else
saved after the form was opened.

`GuardedForm` is mixed into a ModelForm before `forms.ModelForm`. When the form is drawn it
adds a hidden field, `_seen`, carrying a signed fingerprint of the record's values for the
form's fields as they were then. When it is sent back, `clean()` compares that fingerprint with
the record as stored now (the instance the view loaded for this request): any field that
differs was changed by someone else in the meantime, and the form is refused with a message
naming those fields, their current values and who saved them when. The hidden field then
carries the current fingerprint, so a second save, made knowingly, goes through.

Fingerprints are short hashes per field, signed so that a tampered or garbled value is a clear
message rather than an error. A form sent without the field (a client that never drew it) is
not checked. Creating a record is not guarded: there is nothing to lose yet (double submissions
are `accounts.SubmitOnceMiddleware`'s business).
"""

import hashlib
import json

from django import forms
from django.core import signing
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from sinergi.lib.history import moment_label

FIELD = "_seen"
_SALT = "sinergi.concurrency"


def _value(instance, field) -> object:
    if isinstance(field, models.ManyToManyField):
        if instance.pk is None:
            return []
        return sorted(instance.__dict__.get(f"_seen_{field.name}") or _m2m(instance, field))
    return _normal(field.value_from_object(instance))


def _m2m(instance, field):
    pks = list(getattr(instance, field.name).values_list("pk", flat=True))
    instance.__dict__[f"_seen_{field.name}"] = pks
    return pks


def _normal(value):
    """A cleaned form value in the shape `_value` gives a stored one."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple)):
        return sorted(v.pk if isinstance(v, models.Model) else v for v in value)
    if hasattr(value, "as_tuple"):  # Decimal: 1.50 and 1.5 are one amount
        return value.normalize()
    if isinstance(value, (FieldFile, File)):
        return value.name or ""
    return "" if value is None else value


def _digest(value) -> str:
    text = json.dumps(value, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fingerprint(instance, names) -> dict[str, str]:
    """Per field name, a short hash of the stored value of `instance`."""
    opts = instance._meta
    prints = {}
    for name in names:
        try:
            field = opts.get_field(name)
        except Exception:
            continue
        if not getattr(field, "concrete", False) and not isinstance(field, models.ManyToManyField):
            continue
        prints[name] = _digest(_value(instance, field))
    return prints


def _display(instance, name) -> str:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        return ", ".join(str(o) for o in getattr(instance, name).all()[:10]) or "—"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or "—"
    value = getattr(instance, name)
    if value in (None, ""):
        return "—"
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1]
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return formats.number_format(value, force_grouping=True)
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "j F Y")
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _last_change(instance) -> str:
    """ "by Asep Hidayat, 3 Des 2026 09.12 WIB", from the record's newest log entry, if any."""
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(instance).select_related("actor").first()
    if entry is None:
        return ""
    who = (entry.actor.get_full_name() or entry.actor.email) if entry.actor else _("the system")
    return _("by %(who)s, %(when)s") % {"who": who, "when": moment_label(entry.timestamp)}


class GuardedForm:
    """Refuse to save a record over a change saved after the form was opened (see module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk is not None:
            self.initial[FIELD] = self._signed(self._prints())

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != FIELD]

    def _prints(self) -> dict[str, str]:
        names = [name for name in self.fields if name != FIELD]
        return fingerprint(self.instance, names)

    @staticmethod
    def _signed(prints) -> str:
        return signing.dumps(prints, salt=_SALT, compress=True)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        sent = self.data.get(self.add_prefix(FIELD))
        if not sent:
            return cleaned
        try:
            seen = signing.loads(sent, salt=_SALT)
        except signing.BadSignature:
            seen = {}
        now = self._prints()
        changed = [name for name, digest in now.items() if seen.get(name) != digest]
        if changed:
            self._refuse(changed, seen, now)
        return cleaned

    def _refuse(self, changed, seen, now):
        """Refuse, and draw the form again as the record is now plus this user's own edits:
        a field the user left as it was shows the colleague's value, a field both changed keeps
        the user's value and is named in the message. Saving again is then a knowing choice."""
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = self._signed(now)
        both = []
        for name in changed:
            if name not in self.fields or self.fields[name].disabled:
                continue
            if self._typed(name) == seen.get(name):
                self._show_current(name)  # untouched here: take the colleague's value
            else:
                both.append(name)
        fields = "; ".join(
            f"{(self.fields[name].label if name in self.fields else None) or name}: "
            f"{_display(self.instance, name)}"
            for name in (both or changed)
        )
        who = _last_change(self.instance)
        message = _(
            "Someone else saved this record after you opened it%(who)s. Their values now: "
            "%(fields)s. Nothing has been saved yet: the form now shows their changes with yours; "
            "check it and save again."
        ) % {"who": f" ({who})" if who else "", "fields": fields}
        raise forms.ValidationError(message, code="stale")

    def _typed(self, name):
        """The digest of what the user sent for `name`, comparable with a stored value's."""
        if name not in self.cleaned_data:
            return "invalid"
        return _digest(_normal(self.cleaned_data[name]))

    def _show_current(self, name):
        key = self.add_prefix(name)
        field = self.instance._meta.get_field(name)
        value = _value(self.instance, field)
        if isinstance(self.fields[name], forms.BooleanField):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        elif isinstance(value, list):
            self.data.setlist(key, [str(v) for v in value])
        else:
            self.data[key] = "" if value is None else value


def saved(form, save=None):
    """`save()` (default: `form.save()`) in one transaction; when the database refuses it
    because a record with the same natural key was saved in the meantime (two people adding
    the same facility at once), the form gets a message instead of the request a 500, and
    nothing is saved. Returns what `save` returns, or None when refused."""
    try:
        with transaction.atomic():
            return (save or form.save)()
    except IntegrityError:
        form.add_error(
            None,
            _(
                "The same record was saved by someone else at the same moment, so this one was "
                "not saved. Check the list: it may already be there."
            ),
        )
        return None
