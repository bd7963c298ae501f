"""Readable change history of a record, from django-auditlog's entries, in a fixed number of
queries: the entries, then one query per related model whose keys appear in them. Its times,
when each change was made and the date-times changed, are in the zone of the record's working
group with the zone's name ("3 Nov 2026 09.00 WITA"), whatever zone the page runs in."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    entry: LogEntry
    changes: list[Change]
    when: str  # the entry's time, as `_moment()` writes it

    @property
    def action(self):
        return ACTIONS.get(self.entry.action, self.entry.action)


def _label(field, value, related, zone) -> str:
    if value in (None, "None", ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(_coerce(field, value), value))
    if isinstance(field, models.BooleanField):
        return str(_("yes") if _coerce(field, value) else _("no"))
    if isinstance(field, models.ForeignKey):
        return str(related.get((field.related_model, str(value)), value))
    if isinstance(field, models.DateTimeField):
        return _moment(_coerce(field, value), value, zone)
    return str(value)


def _moment(moment, value, zone) -> str:
    """A logged time (auditlog writes UTC without an offset) in `zone`, with the zone's name:
    "3 Nov 2026 09.00 WITA"."""
    if not isinstance(moment, datetime.datetime):
        return str(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment_label(moment, zone)


def moment_label(moment: datetime.datetime, zone=None) -> str:
    """An aware time in `zone` (default: the current one) with the zone's name, as every
    history shows it: "3 Nov 2026 09.00 WITA" (tzdata names Indonesia's zones WIB, WITA, WIT)."""
    local = timezone.localtime(moment, zone)
    return f"{formats.date_format(local, 'j M Y H.i')} {local.tzname()}"


def _coerce(field, value):
    try:
        return field.to_python(value)
    except Exception:
        return value


def _field(model, name):
    """The model field that `name` in a log entry refers to, or None (reverse relations...)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if (field.auto_created and not field.concrete) or field.primary_key:
        return None
    return field


def history_for(obj, *, zone, limit: int = 20) -> list[Entry]:
    """The latest `limit` changes of `obj`, newest first, with field labels and display values,
    and times in `zone`: that of the working group the record belongs to (`group.time_zone`),
    so that a Kupang group reads WITA on every page, whichever zone the server runs in."""
    entries = list(LogEntry.objects.get_for_object(obj).select_related("actor")[:limit])
    model = type(obj)
    wanted: dict = {}
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey) and isinstance(values, list):
                wanted.setdefault(field.related_model, set()).update(
                    str(v) for v in values if v not in (None, "None")
                )
    related = {}
    for related_model, keys in wanted.items():
        for instance in related_model._default_manager.filter(pk__in=keys):
            related[(related_model, str(instance.pk))] = instance
    result = []
    for entry in entries:
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is None:
                continue
            label = str(field.verbose_name)
            if isinstance(values, dict):  # many-to-many: {"operation", "objects"}
                sign = "+" if values.get("operation") == "add" else "−"
                objects = ", ".join(values.get("objects", []))
                changes.append(Change(label, "", f"{sign} {objects}"))
            else:
                old, new = (_label(field, value, related, zone) for value in values)
                if old != new:  # a creation lists empty fields too: leave them out
                    changes.append(Change(label, old, new))
        result.append(Entry(entry, changes, _moment(entry.timestamp, entry.timestamp, zone)))
    return result
