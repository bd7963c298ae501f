"""The directory import: the national secretariat brings the existing network into Sinergi from
one spreadsheet (docs/onboarding.md).

One row is one province or kabupaten/kota: its working group's name and kind, its decree
(number, date, validity), its secretariat address, contact person, e-mail and phone. A region
without a working group gets one, registered as an existing forum (`do_register_forum`, without
giving the importer its secretariat role); a group already recorded takes the values the file
fills in (an empty cell keeps what is stored). A decree is recorded once, recognised by its
number; what a recorded decree says never changes, so the same number with other dates is a
problem of the row. The contact person is put on the roster as secretariat staff, so that the
bulk invitation (pokja/onboarding.py) can invite them.

Headers are Indonesian in every language, as in the roster import. The template lists every
province and kabupaten/kota with what Sinergi holds, so a downloaded template imports back
without changing anything. This module sits in `formation` because it registers working groups
and records decrees (formation → decrees is an allowed arrow; pokja sits below both).
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.decrees.forms import default_signatory
from sinergi.decrees.models import Decree, latest_decree, normalise_number
from sinergi.formation.actions import do_register_forum
from sinergi.lib import spreadsheets
from sinergi.lib.fields import DATE_HELP, DateField
from sinergi.lib.imports import Column, Importer
from sinergi.lib.plausible import validators_of
from sinergi.pokja.actions import do_add_member, record_new_name
from sinergi.pokja.models import Membership, Person, WorkingGroup
from sinergi.pokja.onboarding import SECRETARIAT_POSITION
from sinergi.pokja.roster_io import LabelChoiceField
from sinergi.regions.models import Region

LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY)
# 38 provinces and 514 kabupaten/kota today, with room for new regions (pemekaran).
MAX_ROWS = 1000

COLUMNS = [
    Column(
        "region_code",
        "Kode wilayah",
        kind="text",
        note=gettext_lazy("Kemendagri code, such as 32 or 32.04. Empty: the name is used."),
        width=12,
    ),
    Column("region_name", "Nama wilayah", width=28, optional=True),
    Column("name", "Nama Pokja*", width=36),
    Column("kind", "Jenis Pokja*", width=22),
    Column("decree_number", "Nomor SK", kind="text", width=24),
    Column("signed_on", "Tanggal SK", kind="date", note=DATE_HELP, width=14),
    Column("valid_from", "SK berlaku mulai", kind="date", note=DATE_HELP, width=14),
    Column("valid_until", "SK berlaku sampai", kind="date", note=DATE_HELP, width=14),
    Column(
        "signatory",
        "Penandatangan SK",
        optional=True,
        note=gettext_lazy("Empty: the governor, regent or mayor of the region."),
        width=24,
    ),
    Column("address", "Alamat sekretariat", width=40),
    Column("contact_name", "Narahubung", width=28),
    Column("contact_job_title", "Jabatan narahubung", optional=True, width=28),
    Column("email", "E-mail", width=28),
    Column("phone", "Telepon", kind="text", width=16),
]
# Columns that name the region: a row with nothing else is a template row left unfilled.
REGION_KEYS = {"region_code", "region_name"}
DECREE_KEYS = ("decree_number", "signed_on", "valid_from", "valid_until")


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def normalise_phone(text: str) -> str:
    """A phone number as stored: digits only, "+62" written as the leading 0 of a national
    number ("+62 22-123 4567" is "0221234567"). ValueError when it is not a phone number."""
    text = str(text).strip()
    digits = re.sub(r"[\s.\-()/]", "", text)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) > 10:
        digits = "0" + digits[2:]
    if not digits.isdigit() or not 6 <= len(digits) <= 15:
        raise ValueError(text)
    return digits


class RowForm(forms.Form):
    """One row of the file; field names are the keys of COLUMNS."""

    region_code = forms.CharField(required=False)
    region_name = forms.CharField(required=False)
    name = forms.CharField(max_length=200)
    kind = LabelChoiceField(WorkingGroup.Kind)
    decree_number = forms.CharField(max_length=120, required=False)
    signed_on = DateField(required=False, validators=validators_of(Decree, "signed_on"))
    valid_from = DateField(required=False, validators=validators_of(Decree, "valid_from"))
    valid_until = DateField(required=False, validators=validators_of(Decree, "valid_until"))
    signatory = forms.CharField(max_length=120, required=False)
    address = forms.CharField(required=False)
    contact_name = forms.CharField(max_length=150, required=False)
    contact_job_title = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=30, required=False)

    def clean_region_code(self):
        raw = self.data.get("region_code")
        if isinstance(raw, float):
            # A number cell: 32.04 stays 32.04, but 32.10 became 32.1.
            return f"{raw:.2f}"
        return self.cleaned_data["region_code"].strip()

    def clean_decree_number(self):
        return normalise_number(self.cleaned_data["decree_number"])

    def clean_phone(self):
        raw = self.data.get("phone")
        if isinstance(raw, int | float):
            raise forms.ValidationError(
                _("Format the cell as text: as a number, a phone number loses its leading 0.")
            )
        phone = self.cleaned_data["phone"]
        if not phone:
            return ""
        try:
            return normalise_phone(phone)
        except ValueError:
            raise forms.ValidationError(
                _("“%(text)s” is not a phone number: write digits only, such as 0221234567.")
                % {"text": phone}
            ) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        given = [key for key in DECREE_KEYS if data.get(key)]
        if given and len(given) < len(DECREE_KEYS):
            for key in DECREE_KEYS:
                if not data.get(key):
                    self.add_error(
                        key,
                        _("A decree needs its number, its date and both ends of its validity."),
                    )
            return data
        if given:
            if data["valid_until"] < data["valid_from"]:
                self.add_error("valid_until", _("A decree cannot end before it starts."))
            elif data["signed_on"] > data["valid_until"]:
                self.add_error("signed_on", _("A decree cannot be signed after it ends."))
        return data


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """What one row does: the stored group it names (None: the import registers one), the
    decree to record, the contact person and the changes, in words."""

    row: int
    region: Region
    data: dict
    group: WorkingGroup | None
    changes: list = field(default_factory=list)
    group_values: dict = field(default_factory=dict)
    new_decree: bool = False
    contact: Person | None = None  # unsaved when the import adds the person
    contact_values: dict = field(default_factory=dict)
    needs_membership: bool = False

    @property
    def action(self) -> str:
        if self.group is None:
            return "create"
        return "update" if self.changes else "unchanged"


class DirectoryImporter(Importer):
    """Rows of the directory (one per province or kabupaten/kota) into working groups, their
    decrees and contact people. Its checks read everything they need in a few queries."""

    columns = COLUMNS
    title = gettext_lazy("Directory imported.")
    max_rows = MAX_ROWS
    max_bytes = 5 * 1024 * 1024
    allow_csv = True

    def __init__(self):
        super().__init__()
        self.seen = {}

    def skip(self, cells) -> bool:
        return all(cells.get(key) in (None, "") for key in cells.keys() - REGION_KEYS)

    def prepare(self, rows):
        regions = list(Region.objects.filter(level__in=LEVELS).only("code", "name", "level"))
        self.by_code = {r.code: r for r in regions}
        self.by_name = {}
        for region in regions:
            self.by_name.setdefault(_fold(region.name), []).append(region)
        groups = WorkingGroup.objects.filter(region__level__in=LEVELS).select_related(
            "region", "contact_person"
        )
        self.groups = {g.region_id: g for g in groups}
        self.decrees = {
            (d.working_group_id, d.number.casefold()): d
            for d in Decree.objects.filter(working_group__region__level__in=LEVELS)
        }
        names = {_fold(c["contact_name"]) for _n, c in rows if c.get("contact_name")}
        self.people = {}
        memberships = (
            Membership.objects.filter(working_group__region__level__in=LEVELS)
            .annotate(lower_name=Lower("person__full_name"))
            .filter(lower_name__in=names)
            .select_related("person")
        )
        for membership in memberships:
            key = (membership.working_group_id, _fold(membership.person.full_name))
            self.people.setdefault(key, membership.person)
        people = {p.pk for p in self.people.values()}
        people |= {g.contact_person_id for g in self.groups.values() if g.contact_person_id}
        today = timezone.localdate()
        self.on_roster = set(
            Membership.objects.filter(person__in=people, working_group__region__level__in=LEVELS)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .values_list("working_group_id", "person_id")
        )

    def parse_row(self, cells):
        form = RowForm(cells)
        valid = form.is_valid()
        self.form_problems(form)
        region = self._region(form.cleaned_data) if "region_code" in form.cleaned_data else None
        if not valid or region is None:
            return None
        data = form.cleaned_data
        entry = Entry(self.row, region, data, self.groups.get(region.pk))
        if not self._decree(entry):
            return None
        self._group(entry)
        self._contact(entry)
        return entry

    def _region(self, data):
        code, name = data["region_code"], data.get("region_name") or ""
        if code:
            region = self.by_code.get(code)
            if region is None:
                self.problem(
                    "region_code",
                    _("“%(code)s” is not the code of a province or kabupaten/kota.")
                    % {"code": code},
                )
                return None
            if name and _fold(name) != _fold(region.name):
                self.problem(
                    "region_name",
                    _("Code %(code)s is %(name)s, not “%(given)s”.")
                    % {"code": code, "name": region.name, "given": name},
                )
                return None
        elif name:
            found = self.by_name.get(_fold(name), [])
            if len(found) != 1:
                message = (
                    _("“%(name)s” names several regions: give the code.")
                    if found
                    else _("No province or kabupaten/kota is called “%(name)s”.")
                )
                self.problem("region_name", message % {"name": name})
                return None
            region = found[0]
        else:
            self.problem("region_code", _("Give the region's code or its name."))
            return None
        if region.pk in self.seen:
            self.problem(
                "region_code",
                _("%(name)s is already in row %(row)d.")
                % {"name": region.name, "row": self.seen[region.pk]},
            )
            return None
        self.seen[region.pk] = self.row
        return region

    def _decree(self, entry) -> bool:
        """Note the decree to record; False, after a problem, when the number is recorded
        with other dates."""
        data, group = entry.data, entry.group
        number = data["decree_number"]
        if not number:
            return True
        stored = self.decrees.get((group.pk, number.casefold())) if group else None
        if stored is None:
            entry.new_decree = True
            entry.changes.append(Change(_("Decree"), "", self._decree_text(data)))
            return True
        if (stored.signed_on, stored.valid_from, stored.valid_until) != (
            data["signed_on"],
            data["valid_from"],
            data["valid_until"],
        ):
            self.problem(
                "decree_number",
                _(
                    "Decree %(number)s is recorded as signed on %(signed)s, valid %(start)s – "
                    "%(end)s. What a signed decree says does not change: correct the row, or "
                    "the decree on its page if it was recorded wrongly."
                )
                % {
                    "number": stored.number,
                    "signed": date_format(stored.signed_on),
                    "start": date_format(stored.valid_from),
                    "end": date_format(stored.valid_until),
                },
            )
            return False
        return True

    @staticmethod
    def _decree_text(data) -> str:
        return _("%(number)s, valid %(start)s – %(end)s") % {
            "number": data["decree_number"],
            "start": date_format(data["valid_from"]),
            "end": date_format(data["valid_until"]),
        }

    def _group(self, entry):
        data, group = entry.data, entry.group
        wanted = {
            "name": " ".join(data["name"].split()),
            "kind": data["kind"],
            "secretariat_address": data["address"].strip(),
            "email": data["email"],
            "phone": data["phone"],
        }
        if group is None:
            entry.group_values = wanted
            return
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "secretariat_address": _("Secretariat address"),
            "email": _("E-mail"),
            "phone": _("Phone"),
        }
        for name, value in wanted.items():
            # An empty cell keeps what is stored.
            if value and value != getattr(group, name):
                entry.group_values[name] = value
                old, new = getattr(group, name), value
                if name == "kind":
                    old, new = group.get_kind_display(), WorkingGroup.Kind(value).label
                entry.changes.append(Change(str(labels[name]), str(old), str(new)))

    def _contact(self, entry):
        data, group = entry.data, entry.group
        name = " ".join(data["contact_name"].split())
        if not name:
            return
        person = None
        if group is not None:
            stored = group.contact_person
            if stored is not None and _fold(stored.full_name) == _fold(name):
                person = stored
            else:
                person = self.people.get((group.pk, _fold(name)))
        values = {
            key: data[source]
            for key, source in (
                ("email", "email"),
                ("phone", "phone"),
                ("job_title", "contact_job_title"),
            )
            if data.get(source)
        }
        if person is None:
            entry.contact = Person(full_name=name, **values)
            entry.needs_membership = True
            if group is not None:
                old = group.contact_person.full_name if group.contact_person else ""
                entry.changes.append(Change(_("Contact person"), old, name))
            return
        entry.contact = person
        # The e-mail and phone of a row are the office's: they fill a person's own only when
        # empty, so that a personal address stays as it is.
        entry.contact_values = {
            k: v
            for k, v in values.items()
            if getattr(person, k) != v and (k == "job_title" or not getattr(person, k))
        }
        for key, value in entry.contact_values.items():
            label = _("Contact person's %(detail)s") % {
                "detail": Person._meta.get_field(key).verbose_name
            }
            entry.changes.append(Change(label, getattr(person, key), value))
        if group.contact_person_id != person.pk:
            old = group.contact_person.full_name if group.contact_person else ""
            entry.changes.append(Change(_("Contact person"), old, person.full_name))
        if (group.pk, person.pk) not in self.on_roster:
            entry.needs_membership = True
            staff = _("%(name)s as secretariat staff") % {"name": person.full_name}
            entry.changes.append(Change(_("Roster"), "", staff))

    def apply(self, entries):
        summary = self.summary()
        decrees = contacts = 0
        today = timezone.localdate()
        for entry in entries:
            data, group = entry.data, entry.group
            decree = None
            if entry.new_decree:
                decree = Decree(
                    number=data["decree_number"],
                    signed_on=data["signed_on"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    signatory=data["signatory"]
                    or default_signatory(WorkingGroup(region=entry.region)),
                )
                decrees += 1
            if group is None:
                values = entry.group_values
                group = do_register_forum(
                    entry.region,
                    kind=values["kind"],
                    name=values["name"],
                    actor=None,
                    secretariat_address=values["secretariat_address"],
                    decree=decree,
                )
                extra = {k: values[k] for k in ("email", "phone") if values[k]}
                summary.created += 1
            else:
                if entry.action == "unchanged":
                    summary.unchanged += 1
                    continue
                summary.changed += 1
                extra = entry.group_values
                if decree is not None:
                    decree.working_group = group
                    decree.save()
                if {"name", "kind"} & extra.keys():
                    old_name, old_kind = group.name, group.kind
                    group.name = extra.get("name", group.name)
                    group.kind = extra.get("kind", group.kind)
                    record_new_name(group, old_name, old_kind, note=_("Directory import"))
            person = entry.contact
            if person is not None:
                if entry.contact_values:
                    for key, value in entry.contact_values.items():
                        setattr(person, key, value)
                    person.save(update_fields=list(entry.contact_values))
                if entry.needs_membership:
                    contacts += person.pk is None
                    membership = Membership(position=SECRETARIAT_POSITION, started_on=today)
                    do_add_member(group, person, membership)
                if group.contact_person_id != person.pk:
                    extra = {**extra, "contact_person": person}
            for key, value in extra.items():
                setattr(group, key, value)
            if extra:
                group.save(update_fields=list(extra))
        summary.notes.append(
            _("Decrees recorded: %(decrees)d. Contact people added: %(contacts)d.")
            % {"decrees": decrees, "contacts": contacts}
        )
        return summary


@dataclass
class Preview:
    entries: list

    def _of(self, action):
        return [e for e in self.entries if e.action == action]

    @functools.cached_property
    def created(self):
        return self._of("create")

    @functools.cached_property
    def updated(self):
        return self._of("update")

    @functools.cached_property
    def unchanged(self):
        return self._of("unchanged")

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)


def preview(rows) -> tuple[Preview | None, list]:
    """What importing `rows` would do, writing nothing: the preview and no problems, or None
    and the problems of every row."""
    importer = DirectoryImporter()
    entries = importer.check(rows)
    if importer.problems:
        return None, importer.problems
    return Preview(entries), []


# --- the template --------------------------------------------------------------------------


def _kind_labels() -> tuple[str, ...]:
    with translation.override("id"):
        return tuple(str(label) for label in WorkingGroup.Kind.labels)


def _kind_label(value) -> str:
    with translation.override("id"):
        return str(WorkingGroup.Kind(value).label)


def template_rows():
    """A row for every province and kabupaten/kota, with what Sinergi holds of its working
    group: the latest decree, the contact person. Imported as it is, it changes nothing."""
    groups = {
        g.region_id: g
        for g in WorkingGroup.objects.filter(region__level__in=LEVELS)
        .select_related("contact_person")
        .prefetch_related("decrees")
    }
    for region in Region.objects.filter(level__in=LEVELS).order_by("code"):
        group = groups.get(region.pk)
        if group is None:
            yield [region.code, region.name, *[None] * (len(COLUMNS) - 2)]
            continue
        decree = latest_decree(group.decrees.all())
        contact = group.contact_person
        yield [
            region.code,
            region.name,
            group.name,
            _kind_label(group.kind),
            decree.number if decree else None,
            decree.signed_on if decree else None,
            decree.valid_from if decree else None,
            decree.valid_until if decree else None,
            decree.signatory if decree else None,
            group.secretariat_address or None,
            contact.full_name if contact else None,
            contact.job_title if contact and contact.job_title else None,
            group.email or None,
            group.phone or None,
        ]


def template_bytes() -> bytes:
    choices = {"kind": _kind_labels()}
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
    return spreadsheets.template_bytes(
        "Direktori Pokja", columns, "Pilihan", max_rows=MAX_ROWS, rows=template_rows()
    )


def template_csv() -> str:
    def cell(value):
        return f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else value

    rows = ([cell(v) for v in row] for row in template_rows())
    return spreadsheets.csv_text([c.header for c in COLUMNS], rows)


# --- rows between the preview and the confirmation ------------------------------------------


def rows_to_json(rows) -> list:
    """`ImportForm.rows` as JSON can carry them (dates as ISO text, which the import reads)."""

    def plain(value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    return [[number, {k: plain(v) for k, v in cells.items()}] for number, cells in rows]
