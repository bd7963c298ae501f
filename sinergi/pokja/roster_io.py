"""Roster import and export as XLSX.

The file format is the same in every language of the interface, so that a file filled in by
anyone imports anywhere: its headers are Indonesian, choices are written with their Indonesian
labels (their codes and English labels are accepted too) and yes/no as "ya"/"tidak". The
export uses the same columns, so an exported roster imports again without changing anything.

An upload is checked whole before anything is written: `do_import_roster` returns the
problems of every row, or applies every row in one transaction.
"""

import functools
from dataclasses import asdict, dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets
from sinergi.pokja.access import person_details_filter, person_editable_filter
from sinergi.pokja.forms import institutions_for
from sinergi.pokja.models import Institution, Membership, Person

MAX_ROWS = spreadsheets.TableUploadForm.MAX_ROWS
YES, NO = "ya", "tidak"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = ""
    note: str = ""


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
    Column("started_on", "Tanggal mulai*", kind="date", note=gettext_lazy("Date as dd/mm/yyyy.")),
    Column("is_knowledge_holder", "Pemegang pengetahuan (ya/tidak)"),
]
EXPORT_HEADERS = [*(c.header for c in COLUMNS), "Tanggal selesai", "Alasan berhenti"]
HEADERS = {column.key: column.header for column in COLUMNS}


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
    started_on = forms.DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"])
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

    def clean(self):
        data = super().clean()
        if data.get("nip") and data.get("is_civil_servant") is False:
            self.add_error("nip", _("Only a civil servant has a NIP."))
        return data


class RosterUploadForm(spreadsheets.TableUploadForm):
    headers = tuple(c.header for c in COLUMNS)

    def rows_from(self, positions, rows):
        return [
            (number, {c.key: values[positions[spreadsheets.header_key(c.header)]] for c in COLUMNS})
            for number, values in rows
        ]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Summary:
    people_created: int = 0
    people_updated: int = 0
    memberships_created: int = 0
    memberships_unchanged: int = 0
    institutions_created: int = 0

    def __str__(self):
        return _(
            "Roster imported. People created: %(people_created)d, updated: "
            "%(people_updated)d. Memberships created: %(memberships_created)d, already "
            "present: %(memberships_unchanged)d. Institutions created: "
            "%(institutions_created)d."
        ) % asdict(self)


@dataclass
class _Entry:
    row: int
    data: dict
    institution: Institution  # not saved yet when the import creates it
    person: Person | None  # None: the import creates the person
    person_values: dict = field(default_factory=dict)


def do_import_roster(group, rows, user) -> tuple[Summary | None, list[Problem]]:
    """Import the rows of a RosterUploadForm into `group`'s roster: all of them in one
    transaction, or, when any row has a problem, none, and the problems of every row. The
    stored details of a person are updated only where `user` may edit that person."""
    try:
        with transaction.atomic():
            check = _Check(group, rows, user)
            if check.problems:
                return None, check.problems
            return _apply(group, check), []
    except IntegrityError:
        # Someone else changed the same records between the check and the writes.
        message = _("The roster changed while the file was being imported; upload it again.")
        return None, [Problem(0, "", message)]


class _Check:
    """Every row checked, against each other and against the database, with a few queries."""

    def __init__(self, group, rows, user):
        self.group = group
        self.problems = []
        self.entries = []
        self._load(group, rows)
        # A person who also sits in a group the user may not edit joins as they are.
        editable = Person.objects.filter(person_editable_filter(user), pk__in=self.group_people)
        self.editable = set(editable.values_list("pk", flat=True))
        seen = {}
        for number, values in rows:
            form = RowForm(values)
            valid = form.is_valid()
            for name, errors in form.errors.items():
                for message in errors:
                    self.problems.append(Problem(number, HEADERS.get(name, ""), message))
            data = form.cleaned_data
            institution = None
            if {"institution_name", "institution_category"} <= data.keys():
                institution = self._institution(number, data)
            if not valid or institution is None:
                continue
            entry = self._entry(number, data, institution)
            if entry is None:
                continue
            duplicate = next((seen[k] for k in self._identities(entry) if k in seen), None)
            if duplicate:
                message = _("This person is already in row %(row)d.") % {"row": duplicate}
                self.problems.append(Problem(number, HEADERS["full_name"], message))
                continue
            seen.update(dict.fromkeys(self._identities(entry), number))
            self.entries.append(entry)

    def _load(self, group, rows):
        names = {values["institution_name"] for _n, values in rows if values["institution_name"]}
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

        nips = {"".join(str(values["nip"]).split()) for _n, values in rows if values["nip"]}
        self.by_nip = {p.nip: p for p in Person.objects.filter(nip__in=nips)}
        people = Person.objects.filter(memberships__working_group=group).distinct()
        self.group_people = {p.pk: p for p in people}
        self.by_email, self.by_name = {}, {}
        for person in self.group_people.values():
            if person.email:
                self.by_email.setdefault(_fold(person.email), []).append(person)
            key = (_fold(person.full_name), person.institution_id)
            self.by_name.setdefault(key, []).append(person)

    def _entry(self, number, data, institution):
        person = self._person(data, institution)
        entry = _Entry(number, data, institution, person)
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
                message = _("Only a civil servant has a NIP.")
                self.problems.append(Problem(number, HEADERS["is_civil_servant"], message))
                return None
        return entry

    def _institution(self, number, data):
        name = " ".join(data["institution_name"].split())
        institution = self.institutions.get(_fold(name))
        if institution is not None:
            return institution
        if not data["institution_category"]:
            message = _(
                "“%(name)s” is not a known institution of this region: give its category so "
                "that it can be added."
            ) % {"name": name}
            self.problems.append(Problem(number, HEADERS["institution_category"], message))
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


def _apply(group, check) -> Summary:
    summary = Summary()
    existing = set(group.memberships.values_list("person_id", "position", "started_on"))
    for entry in check.entries:
        institution, person, data = entry.institution, entry.person, entry.data
        if institution.pk is None:
            institution.save()
            summary.institutions_created += 1
        if person is None:
            person = Person.objects.create(**entry.person_values)
            summary.people_created += 1
        elif entry.person_values:
            changed = [k for k, v in entry.person_values.items() if getattr(person, k) != v]
            if changed:
                for name in changed:
                    setattr(person, name, entry.person_values[name])
                person.save(update_fields=changed)
                summary.people_updated += 1
        key = (person.pk, data["position"], data["started_on"])
        if key in existing:
            summary.memberships_unchanged += 1
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
        existing.add(key)
        summary.memberships_created += 1
    return summary


def template_bytes() -> bytes:
    choices = {
        "is_civil_servant": (YES, NO),
        "institution_category": _labels(Institution.Category),
        "position": _labels(Membership.Position),
        "field": _labels(Membership.Field),
        "is_knowledge_holder": (YES, NO),
    }
    columns = [
        spreadsheets.TemplateColumn(
            c.header, choices=choices.get(c.key, ()), kind=c.kind, note=str(c.note)
        )
        for c in COLUMNS
    ]
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
