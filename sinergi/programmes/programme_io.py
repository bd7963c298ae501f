"""The programme register as files: the XLSX template, the XLSX upload, and the XLSX or CSV
export.

One format for all three: Indonesian headers, choices written with their Indonesian labels
(codes and English labels are accepted too), locations as region codes in one cell. A
programme is recognised by its registering working group, name and start date, so uploading
the same file twice changes nothing. The upload is a `ProgrammeImporter` (see
`sinergi.lib.imports`).
"""

import itertools
from collections import defaultdict

from django import forms
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets
from sinergi.lib.fields import DATE_HELP, DateField, NumberField
from sinergi.lib.imports import Column, Importer
from sinergi.lib.plausible import validators_of
from sinergi.monitoring.models import Indicator
from sinergi.pokja.models import WorkingGroup
from sinergi.pokja.roster_io import LabelChoiceField
from sinergi.programmes.forms import MAX_LOCATIONS, resolve_locations, split_codes
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region

MAX_ROWS = 1000
SHEET, LISTS = "Program", "Pilihan"
# An XLSX export holds at most this many programmes, then a line that says so; the CSV export
# holds them all. openpyxl writes some 2,000 programme rows a second on two shared cores: 10,000
# stay well within gunicorn's 60 s timeout (deploy/sinergi.service) even on a busy machine.
XLSX_MAX_ROWS = 10_000
# Programmes read from the database at a time by an export: its memory stays flat.
CHUNK = 1000


COLUMNS = [
    Column("name", "Nama program*"),
    Column("kind", "Jenis*"),
    Column("sector", "Sektor*"),
    Column("starts_on", "Mulai*", kind="date", note=DATE_HELP),
    Column("ends_on", "Selesai*", kind="date", note=DATE_HELP),
    Column(
        "locations",
        "Lokasi (kode wilayah)*",
        kind="text",
        note=gettext_lazy("Region codes separated by commas, e.g. 32.04.05.2004, 32.04.06."),
    ),
    Column("status", "Status", note=gettext_lazy("Empty: proposed for a new programme.")),
    Column("funder", "Penyandang dana"),
    Column("implementer", "Mitra pelaksana"),
    Column("budget", "Anggaran (Rp)"),
    Column("contact_name", "Narahubung"),
    Column("contact_email", "E-mail narahubung"),
    Column("contact_phone", "Telepon narahubung", kind="text"),
]
# In an export only: a row registered by another working group does not import here.
REGISTERED_BY = "Didaftarkan oleh (kode Pokja)"
# Optional cells: a filled one replaces the stored value, an empty one keeps it.
OPTIONAL = [
    "status",
    "funder",
    "implementer",
    "budget",
    "contact_name",
    "contact_email",
    "contact_phone",
]


def _labels(choices) -> dict[str, str]:
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


class RowForm(forms.Form):
    name = forms.CharField(max_length=250)
    kind = LabelChoiceField(Programme.Kind)
    sector = LabelChoiceField(Indicator.Sector)
    starts_on = DateField(
        validators=validators_of(Programme, "starts_on"),
    )
    ends_on = DateField(
        validators=validators_of(Programme, "ends_on"),
    )
    locations = forms.CharField()
    status = LabelChoiceField(Programme.Status, required=False)
    funder = forms.CharField(max_length=200, required=False)
    implementer = forms.CharField(max_length=200, required=False)
    budget = NumberField(max_digits=18, decimal_places=2, min_value=0, required=False)
    contact_name = forms.CharField(max_length=150, required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A programme cannot end before it starts."))
        return data


class ProgrammeImporter(Importer):
    """Rows of programmes registered by `group`; a programme is recognised by its name and
    start date among those the group registered."""

    # An export has one more column: a row registered by another group does not import here.
    columns = [*COLUMNS, Column("registered_by", REGISTERED_BY, optional=True)]
    title = gettext_lazy("Programmes imported.")
    max_rows = MAX_ROWS

    def __init__(self, group):
        super().__init__()
        self.group = group
        self.seen = {}

    def prepare(self, rows):
        codes = {code for _n, cells in rows for code in split_codes(cells["locations"])}
        self.known = Region.objects.in_bulk(codes, field_name="code")

    def parse_row(self, cells):
        owner = cells.get("registered_by")
        if owner and str(owner) != self.group.code:
            message = _(
                "This programme is registered by another working group: it is read-only here."
            )
            self.problem("registered_by", message)
            return None
        form = RowForm({k: v for k, v in cells.items() if k != "registered_by"})
        valid = form.is_valid()
        self.form_problems(form)
        locations = split_codes(cells["locations"])
        regions, location_problems = resolve_locations(locations, self.group, self.known)
        if len(locations) > MAX_LOCATIONS:
            location_problems.append(_("At most %(count)d locations.") % {"count": MAX_LOCATIONS})
        for message in location_problems:
            self.problem("locations", message)
        if not valid or location_problems:
            return None
        data = form.cleaned_data
        key = (" ".join(data["name"].split()), data["starts_on"])
        if key in self.seen:
            message = _("This programme is already in row %(row)d.") % {"row": self.seen[key]}
            self.problem("name", message)
            return None
        self.seen[key] = self.row
        return key, data, regions

    def apply(self, entries):
        group, summary = self.group, self.summary()
        names = {key[0] for key, _d, _r in entries}
        stored = {
            (p.name, p.starts_on): p
            for p in Programme.objects.filter(registered_by=group, name__in=names).prefetch_related(
                "locations"
            )
        }
        for (name, starts_on), data, regions in entries:
            values = {k: data[k] for k in ("kind", "sector", "ends_on")}
            values.update({k: data[k] for k in OPTIONAL if data[k] not in (None, "")})
            programme = stored.get((name, starts_on))
            if programme is None:
                programme = Programme.objects.create(
                    registered_by=group, name=name, starts_on=starts_on, **values
                )
                programme.locations.set(regions)
                programme.working_groups.add(group)
                summary.created += 1
                continue
            changed = [k for k, v in values.items() if getattr(programme, k) != v]
            for field in changed:
                setattr(programme, field, values[field])
            if changed:
                programme.save(update_fields=[*changed, "updated"])
            if {r.pk for r in regions} != {r.pk for r in programme.locations.all()}:
                programme.locations.set(regions)
                changed.append("locations")
            if changed:
                summary.changed += 1
            else:
                summary.unchanged += 1
        return summary


def template_bytes() -> bytes:
    choices = {
        "kind": tuple(_labels(Programme.Kind).values()),
        "sector": tuple(_labels(Indicator.Sector).values()),
        "status": tuple(_labels(Programme.Status).values()),
    }
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
    return spreadsheets.template_bytes(SHEET, columns, LISTS, max_rows=MAX_ROWS)


def export_header() -> list[str]:
    return [*(c.header.rstrip("*") for c in COLUMNS), REGISTERED_BY]


# What an export reads of each programme: plain values rather than model instances (a tenth
# of the time: 5,000 programmes with 50,000 locations in about a second).
EXPORT_FIELDS = [
    "pk",
    "name",
    "kind",
    "sector",
    "starts_on",
    "ends_on",
    "status",
    "funder",
    "implementer",
    "budget",
    "contact_name",
    "contact_email",
    "contact_phone",
    "registered_by_id",
    "registered_by__region__code",
]


def _chunks(rows, size):
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


class _Readable:
    """Whether `scope` may read each working group, asked once a group (an export names a
    few hundred groups thousands of times)."""

    def __init__(self, scope):
        self.scope, self.known = scope, {}

    def __call__(self, pk, code) -> bool:
        if pk not in self.known:
            # A stand-in holding what Scope.can_view reads: the id and the region's code.
            self.known[pk] = self.scope.can_view(WorkingGroup(pk=pk, region=Region(code=code)))
        return self.known[pk]


def _related(ids):
    """The location codes and the reporting groups (id, code) of the programmes `ids`."""
    locations, groups = defaultdict(list), defaultdict(list)
    rows = Programme.locations.through.objects.filter(programme_id__in=ids)
    for pk, code in rows.values_list("programme_id", "region__code"):
        locations[pk].append(code)
    rows = Programme.working_groups.through.objects.filter(programme_id__in=ids)
    for pk, group_id, code in rows.values_list(
        "programme_id", "workinggroup_id", "workinggroup__region__code"
    ):
        groups[pk].append((group_id, code))
    return locations, groups


def export_rows(programmes, scope, as_text=False):
    """Rows of `programmes` (a queryset; three queries for every `CHUNK` programmes), contact
    fields only where `scope` may see them (as `Programme.contact_visible_to`)."""
    kinds, sectors, statuses = (
        _labels(Programme.Kind),
        _labels(Indicator.Sector),
        _labels(Programme.Status),
    )
    readable = _Readable(scope)
    programmes = programmes.order_by("registered_by__region__code", "name", "starts_on", "pk")
    rows = programmes.values_list(*EXPORT_FIELDS).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows, CHUNK):
        locations, groups = _related([row[0] for row in chunk])
        for (
            pk,
            name,
            kind,
            sector,
            starts_on,
            ends_on,
            status,
            funder,
            implementer,
            budget,
            contact_name,
            contact_email,
            contact_phone,
            owner_id,
            owner_code,
        ) in chunk:
            contact = readable(owner_id, owner_code) or any(
                readable(*group) for group in groups[pk]
            )
            dates = [starts_on, ends_on]
            if as_text:
                dates = [day.strftime("%d/%m/%Y") for day in dates]
            yield [
                name,
                kinds.get(kind, kind),
                sectors.get(sector, sector),
                *dates,
                ", ".join(sorted(locations[pk])),
                statuses.get(status, status),
                funder,
                implementer,
                ("" if budget is None else f"{budget:f}") if as_text else budget,
                contact_name,
                contact_email if contact else "",
                contact_phone if contact else "",
                owner_code,
            ]


def _capped(rows, limit: int):
    """The first `limit` of `rows`; when there are more, then a row that says so."""
    for count, row in enumerate(rows):
        if count == limit:
            message = _(
                "This file holds only the first %(count)s programmes. Choose a sector or a "
                "status to export fewer, or download the CSV file, which holds them all."
            ) % {"count": formats.number_format(limit, force_grouping=True)}
            yield [message]
            return
        yield row


def xlsx_bytes(programmes, scope) -> bytes:
    rows = _capped(export_rows(programmes, scope), XLSX_MAX_ROWS)
    return spreadsheets.workbook_bytes(SHEET, export_header(), rows)


def csv_lines(programmes, scope):
    """The CSV export line by line, for a streaming response."""
    return spreadsheets.csv_lines(export_header(), export_rows(programmes, scope, as_text=True))


def export_filename(code, fmt) -> str:
    return f"program-{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
