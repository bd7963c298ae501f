"""Roster import and export as XLSX.

The file format is the same in every language of the interface, so that a file filled in by
anyone imports anywhere: its headers are Indonesian, choices are written with their Indonesian
labels (their codes and English labels are accepted too) and yes/no as "ya"/"tidak". The
export uses the same columns, so an exported roster imports again without changing anything.

The upload is a `RosterImporter` (see `sinergi.lib.imports`): one row is one membership.
"""

import functools
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets
from sinergi.lib.fields import DATE_HELP, DateField
from sinergi.lib.imports import Column, Importer
from sinergi.lib.plausible import validators_of
from sinergi.pokja.access import person_details_filter, person_editable_filter
from sinergi.pokja.forms import institutions_for
from sinergi.pokja.models import Institution, Membership, Person, overlap_message

MAX_ROWS = 1000
YES, NO = "ya", "tidak"


# The columns of the template, in order. A "*" marks a required column.
COLUMNS = [
    Column("full_name", "Nama lengkap*"),
    Column("is_civil_servant", "ASN (ya/tidak)"),
    Column("nip", "NIP", kind="text", note=gettext_lazy("18 digits, only for civil servants.")),
    Column("institution_name", "Lembaga*"),
    Column(
        "institution_category",
        "Kategori lembaga",
        note=gettext_lazy("Needed only for an institution not yet known to Sinergi."),
    ),
    Column("job_title", "Jabatan di lembaga"),
    Column("email", "E-mail"),
    Column("phone", "Telepon", kind="text"),
    Column("position", "Jabatan di Pokja*"),
    Column("field", "Bidang"),
    Column("duties", "Tupoksi"),
    Column("started_on", "Tanggal mulai*", kind="date", note=DATE_HELP),
    Column("is_knowledge_holder", "Pemegang pengetahuan (ya/tidak)"),
]
EXPORT_HEADERS = [*(c.header for c in COLUMNS), "Tanggal selesai", "Alasan berhenti"]


def _fold(text) -> str:
    """Text compared without regard to case or repeated spaces."""
    return " ".join(str(text).split()).casefold()


@functools.cache
def _choice_lookup(choices) -> dict[str, str]:
    """Each choice by its code and by its Indonesian and English labels, folded."""
    lookup = {}
    for language in ("en", "id"):
        with translation.override(language):
            lookup.update({_fold(label): value for value, label in choices.choices})
    lookup.update({_fold(value): value for value in choices.values})
    return lookup


def _labels(choices) -> tuple[str, ...]:
    with translation.override("id"):
        return tuple(str(label) for label in choices.labels)


def _label(choices, value) -> str:
    if not value:
        return ""
    with translation.override("id"):
        return str(choices(value).label)


class LabelChoiceField(forms.ChoiceField):
    """A choice written as its code or its label, in any case."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices=choices.choices, **kwargs)
        self.choices_class = choices

    def to_python(self, value):
        value = super().to_python(value)
        return _choice_lookup(self.choices_class).get(_fold(value), value) if value else value


class YesNoField(forms.Field):
    """Yes or no, written "ya"/"tidak" (or "yes"/"no", or a TRUE/FALSE cell); None when empty."""

    WORDS = {"ya": True, "y": True, "yes": True, "tidak": False, "n": False, "no": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool | int):
            return bool(value)
        if _fold(value) in self.WORDS:
            return self.WORDS[_fold(value)]
        raise forms.ValidationError(_("Write “ya” or “tidak”."), code="invalid")


class RowForm(forms.Form):
    """One row of the file; field names are the keys of COLUMNS."""

    full_name = forms.CharField(max_length=150)
    is_civil_servant = YesNoField(required=False)
    nip = forms.CharField(required=False)
    institution_name = forms.CharField(max_length=200)
    institution_category = LabelChoiceField(Institution.Category, required=False)
    job_title = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=30, required=False)
    position = LabelChoiceField(Membership.Position)
    field = LabelChoiceField(Membership.Field, required=False)
    duties = forms.CharField(required=False)
    started_on = DateField(
        validators=validators_of(Membership, "started_on"),
    )
    is_knowledge_holder = YesNoField(required=False)

    def clean_nip(self):
        if isinstance(self.data.get("nip"), float):
            # Spreadsheets keep 15 significant digits of a number: an 18-digit NIP typed
            # into a number cell has lost its last digits.
            raise forms.ValidationError(_("Write the NIP as text: as a number it gets rounded."))
        nip = "".join(self.cleaned_data["nip"].split())
        if nip and not (len(nip) == 18 and nip.isdigit()):
            raise forms.ValidationError(_("A NIP has 18 digits."))
        return nip

    def clean_phone(self):
        if isinstance(self.data.get("phone"), int | float):
            # A number cell drops the leading 0 of a phone number (0812... becomes 812...).
            raise forms.ValidationError(
                _("Format the cell as text: as a number, a phone number loses its leading 0.")
            )
        return self.cleaned_data["phone"]

    def clean(self):
        data = super().clean()
        if data.get("nip") and data.get("is_civil_servant") is False:
            self.add_error("nip", _("Only a civil servant has a NIP."))
        return data


@dataclass
class _Entry:
    row: int
    data: dict
    institution: Institution  # not saved yet when the import creates it
    person: Person | None  # None: the import creates the person
    person_values: dict = field(default_factory=dict)
    # The stored membership the row repeats (None: the import creates it).
    match: Membership | None = None


class RosterImporter(Importer):
    """Rows of memberships into `group`'s roster. The stored details of a person are updated
    only where `user` may edit that person."""

    columns = COLUMNS
    title = gettext_lazy("Memberships imported.")
    max_rows = MAX_ROWS

    def __init__(self, group, user):
        super().__init__()
        self.group, self.user = group, user
        self.seen = {}

    def prepare(self, rows):
        group = self.group
        names = {cells["institution_name"] for _n, cells in rows if cells["institution_name"]}
        folded = {_fold(name) for name in names}
        institutions = (
            institutions_for(group)
            .annotate(lower_name=Lower("name"))
            .filter(Q(lower_name__in=folded) | Q(name__in=[str(name) for name in names]))
        )
        # An institution of the group's own region wins over a namesake elsewhere.
        ordered = sorted(institutions, key=lambda i: i.region_id != group.region_id)
        self.institutions = {}
        for institution in ordered:
            self.institutions.setdefault(_fold(institution.name), institution)

        nips = {"".join(str(cells["nip"]).split()) for _n, cells in rows if cells["nip"]}
        self.by_nip = {p.nip: p for p in Person.objects.filter(nip__in=nips)}
        people = Person.objects.filter(memberships__working_group=group).distinct()
        group_people = {p.pk: p for p in people}
        self.by_email, self.by_name = {}, {}
        for person in group_people.values():
            if person.email:
                self.by_email.setdefault(_fold(person.email), []).append(person)
            key = (_fold(person.full_name), person.institution_id)
            self.by_name.setdefault(key, []).append(person)
        # A person who also sits in a group the user may not edit joins as they are.
        editable = Person.objects.filter(person_editable_filter(self.user), pk__in=group_people)
        self.editable = set(editable.values_list("pk", flat=True))
        self.memberships = {}
        for membership in group.memberships.select_related("person").order_by("started_on"):
            self.memberships.setdefault(membership.person_id, []).append(membership)

    def parse_row(self, cells):
        form = RowForm(cells)
        valid = form.is_valid()
        self.form_problems(form)
        data = form.cleaned_data
        institution = None
        if {"institution_name", "institution_category"} <= data.keys():
            institution = self._institution(data)
        if not valid or institution is None:
            return None
        entry = self._entry(data, institution)
        if entry is None:
            return None
        if entry.person is not None:
            entry.match = self._match(entry)
            if entry.match is not None:
                # A stored membership again (an exported roster or history): a person may
                # appear once for each of their memberships.
                return entry
            if not self._fits(entry):
                return None
        duplicate = next((self.seen[k] for k in self._identities(entry) if k in self.seen), None)
        if duplicate:
            self.problem(
                "full_name", _("This person is already in row %(row)d.") % {"row": duplicate}
            )
            return None
        self.seen.update(dict.fromkeys(self._identities(entry), self.row))
        return entry

    def _entry(self, data, institution):
        person = self._person(data, institution)
        entry = _Entry(self.row, data, institution, person)
        if person is None or person.pk in self.editable:
            # A filled cell replaces what is stored; an empty cell keeps it.
            values = {"full_name": " ".join(data["full_name"].split()), "institution": institution}
            values.update({k: data[k] for k in ("nip", "job_title", "email", "phone") if data[k]})
            civil_servant = data["is_civil_servant"]
            if civil_servant is None and data["nip"]:
                civil_servant = True
            if civil_servant is not None:
                values["is_civil_servant"] = civil_servant
            entry.person_values = values
            if (
                person is not None
                and values.get("nip", person.nip)
                and not values.get("is_civil_servant", person.is_civil_servant)
            ):
                self.problem("is_civil_servant", _("Only a civil servant has a NIP."))
                return None
        return entry

    def _match(self, entry):
        """The stored membership of the row's person that the row repeats: the same position,
        field, start and institution (or none stored yet)."""
        data, person = entry.data, entry.person
        for membership in self.memberships.get(person.pk, []):
            institution_id = membership.institution_id or person.institution_id
            if (membership.position, membership.field, membership.started_on) == (
                data["position"],
                data["field"],
                data["started_on"],
            ) and institution_id in (None, entry.institution.pk):
                return membership
        return None

    def _fits(self, entry) -> bool:
        """Whether a new membership from the row's start leaves the person's stored ones
        alone: one person holds one position in a group at a time, so a corrected roster
        never opens a second membership."""
        started_on = entry.data["started_on"]
        for membership in self.memberships.get(entry.person.pk, []):
            if membership.ended_on is None or membership.ended_on >= started_on:
                self.problem("position", overlap_message(membership))
                return False
        return True

    def _institution(self, data):
        name = " ".join(data["institution_name"].split())
        institution = self.institutions.get(_fold(name))
        if institution is not None:
            return institution
        if not data["institution_category"]:
            message = _(
                "“%(name)s” is not a known institution of this region: give its category so "
                "that it can be added."
            ) % {"name": name}
            self.problem("institution_category", message)
            return None
        # Created when the import is applied; later rows naming it share it.
        institution = Institution(
            name=name, category=data["institution_category"], region=self.group.region
        )
        self.institutions[_fold(name)] = institution
        return institution

    def _person(self, data, institution):
        """The stored person a row names: by NIP, else by e-mail, else by full name and
        institution among the group's people (present and past). A different NIP means a
        different person."""
        nip = data["nip"]
        if nip in self.by_nip:
            return self.by_nip[nip]
        candidates = []
        if data["email"]:
            candidates += self.by_email.get(_fold(data["email"]), [])
        if institution.pk:
            candidates += self.by_name.get((_fold(data["full_name"]), institution.pk), [])
        return next((p for p in candidates if not (nip and p.nip)), None)

    def _identities(self, entry):
        """Keys under which two rows name the same person."""
        data = entry.data
        keys = [("name", _fold(data["full_name"]), _fold(data["institution_name"]))]
        if data["nip"]:
            keys.append(("nip", data["nip"]))
        if entry.person is not None:
            keys.append(("person", entry.person.pk))
        return keys

    def apply(self, entries):
        summary = self.summary()
        people_created = people_updated = institutions_created = 0
        group = self.group
        for entry in entries:
            institution, person, data = entry.institution, entry.person, entry.data
            if institution.pk is None:
                institution.save()
                institutions_created += 1
            if person is None:
                person = Person.objects.create(**entry.person_values)
                people_created += 1
            elif entry.person_values:
                changed = [k for k, v in entry.person_values.items() if getattr(person, k) != v]
                if changed:
                    for name in changed:
                        setattr(person, name, entry.person_values[name])
                    person.save(update_fields=changed)
                    people_updated += 1
            if entry.match is not None:
                if self._update(entry.match, data, institution):
                    summary.changed += 1
                else:
                    summary.unchanged += 1
                continue
            Membership.objects.create(
                person=person,
                working_group=group,
                position=data["position"],
                field=data["field"],
                duties=data["duties"],
                institution=institution,
                started_on=data["started_on"],
                is_knowledge_holder=bool(data["is_knowledge_holder"]),
            )
            summary.created += 1
        summary.notes.append(
            _(
                "People created: %(created)d, updated: %(updated)d. Institutions created: "
                "%(institutions)d."
            )
            % {
                "created": people_created,
                "updated": people_updated,
                "institutions": institutions_created,
            }
        )
        return summary

    @staticmethod
    def _update(membership, data, institution) -> bool:
        """Write the duties and knowledge-holder mark a row fills in differently, and the
        institution where none is stored; whether it did. A position, field or institution
        changes from a date, never by an import."""
        values = {}
        if membership.institution_id is None and membership.person.institution_id is None:
            values["institution"] = institution
        if data["duties"] and data["duties"] != membership.duties:
            values["duties"] = data["duties"]
        holder = data["is_knowledge_holder"]
        if holder is not None and holder != membership.is_knowledge_holder:
            values["is_knowledge_holder"] = holder
        for name, value in values.items():
            setattr(membership, name, value)
        if values:
            membership.save(update_fields=list(values))
        return bool(values)


def template_bytes() -> bytes:
    choices = {
        "is_civil_servant": (YES, NO),
        "institution_category": _labels(Institution.Category),
        "position": _labels(Membership.Position),
        "field": _labels(Membership.Field),
        "is_knowledge_holder": (YES, NO),
    }
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
    return spreadsheets.template_bytes("Anggota", columns, "Pilihan", max_rows=MAX_ROWS)


def export_bytes(group, user, history=False) -> bytes:
    """The roster of today, or with `history` every membership the group ever had; e-mail
    and phone only of the people whose details `user` may read."""
    memberships = group.memberships.select_related("person__institution", "institution")
    if not history:
        memberships = memberships.active_on(timezone.localdate())
    order = {value: i for i, value in enumerate(Membership.Position.values)}
    memberships = sorted(memberships, key=lambda m: (order[m.position], m.person.full_name))
    if history:
        memberships.sort(key=lambda m: m.started_on)  # stable: by position within a day
    people = Person.objects.filter(
        person_details_filter(user), pk__in=[m.person_id for m in memberships]
    )
    readable = set(people.values_list("pk", flat=True))
    return spreadsheets.workbook_bytes(
        "Riwayat anggota" if history else "Anggota",
        EXPORT_HEADERS,
        [_export_row(m, m.person_id in readable) for m in memberships],
    )


def _export_row(membership, details) -> list:
    person = membership.person
    institution = membership.institution or person.institution
    return [
        person.full_name,
        YES if person.is_civil_servant else NO,
        person.nip,
        institution.name if institution else "",
        _label(Institution.Category, institution.category) if institution else "",
        person.job_title,
        person.email if details else "",
        person.phone if details else "",
        _label(Membership.Position, membership.position),
        _label(Membership.Field, membership.field),
        membership.duties,
        membership.started_on,
        YES if membership.is_knowledge_holder else NO,
        membership.ended_on,
        _label(Membership.EndReason, membership.end_reason),
    ]


def export_filename(group, history=False) -> str:
    day = timezone.localdate()
    prefix = "riwayat-anggota" if history else "anggota"
    return f"{prefix}-pokja-{group.code}-{day:%Y-%m-%d}.xlsx"
