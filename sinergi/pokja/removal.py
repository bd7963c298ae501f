"""Removing a record entered by mistake: one mechanism for every kind of record.

A record that never should have existed (an activity typed twice, a meeting scheduled for the
wrong group, a news draft) may be removed by its group's secretariat; a record that is part of
what happened (an adopted plan, a meeting with minutes, a membership a decree appointed) is
ended, cancelled or corrected instead. Which records may go is decided in
`access.removal_refusal()`; this module does the rest, the same way for every kind:

- `plan_removal()` says, before anything is changed, what goes with the record (the rows its
  deletion cascades to, the files they hold), which records stay but lose their link to it,
  and which records prevent it (protected foreign keys);
- `remove()` deletes it in one transaction, deletes the stored files only once that commits
  (`lib.downloads.delete_file_on_commit`), and writes a `Removal` row with the reason typed by
  the user, who and when, and the record's fields: the group's change history shows it;
- `confirm_remove()` is the page of every app's thin remove view: GET shows the confirmation,
  POST with a reason removes, and a refusal is a message, never an error page.

django-auditlog also logs each deleted row under its own model (their field-by-field trail);
it knows neither the reason nor the working group, so the group's history reads `Removal`.
"""

import json
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sinergi.lib.downloads import delete_file_on_commit
from sinergi.pokja.access import removal_refusal
from sinergi.pokja.models import Removal

# How many of the records that prevent a removal are named on the page.
NAMED_BLOCKERS = 5


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it removed?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example “Entered twice” or “Belongs to another working group”. The reason is "
            "kept in the working group's change history."
        ),
    )

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())


@dataclass
class Plan:
    """What removing a record means, worked out before anything changes."""

    # (kind, count) of the rows deleted with it, and of those kept but unlinked from it.
    deleted: list[tuple[str, int]] = field(default_factory=list)
    unlinked: list[tuple[str, int]] = field(default_factory=list)
    files: int = 0
    # Records that prevent the removal (protected references), a few of them named.
    blockers: list[str] = field(default_factory=list)
    blocker_count: int = 0

    @property
    def summary(self) -> str:
        """What goes with the record, in words: "2 budget lines, 1 quarterly realisation"."""
        return ", ".join(f"{count} {kind}" for kind, count in self.deleted)


class _Collector(Collector):
    """Django's deletion collector, blind to the records in `removing`: those are removed first
    (a person's memberships before the person), so they neither protect nor cascade."""

    def __init__(self, using, removing=()):
        super().__init__(using)
        self.removing = removing

    def related_objects(self, related_model, related_fields, objs):
        found = super().related_objects(related_model, related_fields, objs)
        keys = [item.pk for item in self.removing if isinstance(item, related_model)]
        return found.exclude(pk__in=keys) if keys else found


def _kind(model, count: int) -> str:
    meta = model._meta
    return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)


def _linked_model(through, removed: set):
    """The model at the other end of a many-to-many row (a meeting, for the link between a
    meeting and the programme removed): that record stays, without the link."""
    ends = [f.related_model for f in through._meta.concrete_fields if f.is_relation]
    return next((m for m in ends if m not in removed), ends[0])


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _collect(obj, before=()) -> tuple[_Collector, list]:
    """The collector of `before` and `obj`, and the records that protect them (empty when none)."""
    collector = _Collector(router.db_for_write(type(obj), instance=obj), removing=before)
    blockers = []
    for item in [*before, obj]:
        try:
            collector.collect([item])
        except (ProtectedError, RestrictedError) as error:
            found = getattr(error, "protected_objects", None) or error.restricted_objects
            blockers.extend(found)
    return collector, blockers


def plan_removal(obj, before=()) -> Plan:
    """What removing `obj` (and first the records `before`) deletes, unlinks and needs; the
    records `before` count among what goes with it."""
    collector, blockers = _collect(obj, before)
    plan = Plan(blocker_count=len(blockers))
    plan.blockers = [f"{capfirst(_kind(type(b), 1))}: {b}" for b in blockers[:NAMED_BLOCKERS]]
    removed = {type(item) for item in [*before, obj]}
    # Model → how many of its rows go with the record, and how many stay without their link.
    counts: dict = {}
    unlinked: dict = {}

    def add(model, count):
        if not count:
            return
        if model._meta.auto_created:  # the rows of a many-to-many relation
            model = _linked_model(model, removed)
            unlinked[model] = unlinked.get(model, 0) + count
        else:
            counts[model] = counts.get(model, 0) + count

    for model, instances in collector.data.items():
        add(model, sum(1 for i in instances if not (type(i) is type(obj) and i.pk == obj.pk)))
        for instance in instances:
            plan.files += sum(1 for f in _file_fields(model) if getattr(instance, f.attname))
    for queryset in collector.fast_deletes:
        add(queryset.model, queryset.count())
        for file_field in _file_fields(queryset.model):
            plan.files += queryset.exclude(**{file_field.attname: ""}).count()
    for (fk, _value), querysets in collector.field_updates.items():
        unlinked[fk.model] = unlinked.get(fk.model, 0) + sum(
            len(q) if isinstance(q, list) else q.count() for q in querysets
        )
    plan.deleted = [(_kind(model, n), n) for model, n in counts.items()]
    plan.unlinked = [(_kind(model, n), n) for model, n in unlinked.items() if n]
    return plan


def _snapshot(obj) -> dict:
    """The fields of `obj` as JSON (dates and amounts as text, relations as ids)."""
    data = serializers.serialize("python", [obj])[0]["fields"]
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _delete(obj) -> None:
    """Delete `obj` with everything its deletion cascades to; their files go after commit."""
    collector, blockers = _collect(obj)
    if blockers:
        raise ProtectedError("Protected by other records", set(blockers))
    files = []
    for model, instances in collector.data.items():
        for instance in instances:
            files += [getattr(instance, f.attname) for f in _file_fields(model)]
    for queryset in collector.fast_deletes:
        for file_field in _file_fields(queryset.model):
            files += [getattr(row, file_field.attname) for row in queryset]
    collector.delete()
    for file in files:
        delete_file_on_commit(file)


class RemovalRefused(Exception):
    """The record may not be removed; the message says why and what to do instead."""


@transaction.atomic
def remove(group, obj, reason: str, actor, before=(), label: str = "") -> Removal:
    """Remove `obj`, a record of `group` entered by mistake (and first the records `before`,
    such as a person's memberships), and record it with `reason`. Raises RemovalRefused when
    the rules of `access.removal_refusal` keep it, ProtectedError when another record depends
    on it; nothing is changed then."""
    # Locked, so that two removals at once remove (and record) it once.
    if not type(obj)._base_manager.select_for_update().filter(pk=obj.pk).exists():
        raise RemovalRefused(_("It has already been removed."))
    refusal = removal_refusal(obj, group)
    if refusal:
        raise RemovalRefused(refusal)
    plan = plan_removal(obj, before)
    snapshot = _snapshot(obj)
    if before:
        snapshot["removed_first"] = [
            {"model": item._meta.label, "id": item.pk, "fields": _snapshot(item)} for item in before
        ]
    removal = Removal(
        working_group=group,
        model=obj._meta.label,
        object_id=obj.pk,
        label=(label or str(obj))[:300],
        reason=reason[:500],
        removed_with=plan.summary[:500],
        snapshot=snapshot,
        removed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for item in before:
        _delete(item)
    _delete(obj)
    removal.save()
    return removal


def confirm_remove(request, group, obj, *, done, back, before=(), label="", offer=None):
    """The confirmation page of removing `obj`, a record of `group`, and on POST with a reason
    its removal. `done` is where to go afterwards, `back` the record's own page; `offer` is a
    (text, address) link to a wider removal (the person with their last membership). The
    caller has checked that the user may edit `group` and that `obj` belongs to it."""
    label = label or str(obj)
    refusal = removal_refusal(obj, group)
    plan = plan_removal(obj, before)
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and not refusal and not plan.blockers and form.is_valid():
        try:
            remove(group, obj, form.cleaned_data["reason"], request.user, before, label)
        except RemovalRefused as error:
            refusal = str(error)
        except (ProtectedError, RestrictedError):
            # Something came to depend on it since the page was shown; all was rolled back.
            refusal = _("Another record came to depend on it meanwhile: nothing was removed.")
        else:
            messages.success(request, _("“%(label)s” has been removed.") % {"label": label})
            return redirect(done)
    context = {
        "group": group,
        "label": label,
        "kind": obj._meta.verbose_name,
        "refusal": refusal,
        "plan": plan,
        "form": form,
        "back": back,
        "offer": offer,
        "blocker_more": plan.blocker_count - len(plan.blockers),
        "blocked": ngettext(
            "%(count)d record depends on it and would lose its meaning:",
            "%(count)d records depend on it and would lose their meaning:",
            plan.blocker_count,
        )
        % {"count": plan.blocker_count},
    }
    return render(request, "_confirm_remove.html", context)
