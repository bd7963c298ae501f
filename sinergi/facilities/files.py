"""Facilities as files: the XLSX template and upload, the XLSX, CSV and GeoJSON exports.

The CSV and GeoJSON exports are written row by row for a streaming response, in flat memory
whatever the number of facilities; the XLSX export holds at most `XLSX_MAX_ROWS`.

The template, the upload and the XLSX/CSV exports share one set of columns with Indonesian
headers and choices written as their Indonesian labels (codes and English labels are accepted
too), so an export imports again and changes nothing. Each row is checked by `FacilityForm`,
as on the page; a facility is recognised by its village, type and name.
"""

import itertools
import json
from dataclasses import replace

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.facilities.forms import FacilityForm
from sinergi.facilities.models import Facility
from sinergi.facilities.stats import COLOURS, NOT_INSPECTED, status_label
from sinergi.lib import spreadsheets
from sinergi.lib.imports import Column, Importer
from sinergi.programmes.models import Programme

SHEET, LISTS = "Sarana", "Pilihan"


COLUMNS = [
    Column("village", "Kode desa*", "text", gettext_lazy("For example 32.04.05.2001.")),
    Column("village_name", "Desa", note=gettext_lazy("For reading only."), read=False),
    Column("kind", "Jenis*"),
    Column("name", "Nama*"),
    Column("latitude", "Lintang", note=gettext_lazy("Decimal degrees, e.g. -6.9345.")),
    Column("longitude", "Bujur", note=gettext_lazy("Decimal degrees, e.g. 107.7231.")),
    Column("year_built", "Tahun dibangun"),
    Column("programme", "Program", note=gettext_lazy("The programme's name as in Sinergi.")),
    Column("capacity", "Kapasitas"),
    Column("capacity_unit", "Satuan kapasitas"),
    Column("people_served", "Jiwa terlayani"),
    Column("households_served", "KK terlayani"),
    Column("manager_kind", "Pengelola"),
    Column("manager_name", "Nama pengelola"),
]
REQUIRED = {"village", "kind", "name"}
# Passed to the form as read, so that a spreadsheet's float is rounded to the field's places.
RAW_NUMBERS = {"latitude", "longitude", "capacity"}
EXPORT_EXTRA = ["Status", "Inspeksi terakhir"]


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold().rstrip("*").strip()


def _labels(choices) -> dict[str, str]:
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


def _choice_lookup(choices) -> dict[str, str]:
    """Code, Indonesian and English label, folded, → code."""
    lookup = {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[_fold(label)] = value
    lookup.update({_fold(value): value for value in choices.values})
    return lookup


class FacilityImporter(Importer):
    """Rows of facilities in `region`, each checked by `FacilityForm` as on the page; a
    facility is recognised by its village, type and name."""

    # A file may leave out any column but the village, the type and the name.
    columns = [c if c.key in REQUIRED else replace(c, optional=True) for c in COLUMNS]
    title = gettext_lazy("Facilities imported.")
    max_bytes = 5 * 1024 * 1024
    # Each row is checked by a form with a few queries: a kabupaten's facilities fit easily.
    max_rows = 3000
    allow_csv = True

    def __init__(self, region, user):
        super().__init__()
        self.region, self.user = region, user
        self.seen = {}
        self.unchanged = 0

    def prepare(self, rows):
        self.kinds = _choice_lookup(Facility.Kind)
        self.managers = _choice_lookup(Facility.Manager)
        self.programmes = {}
        for pk, name in Programme.objects.values_list("pk", "name"):
            self.programmes.setdefault(_fold(name), []).append(pk)
        self.existing = {
            (village, kind, _fold(name)): pk
            for pk, village, kind, name in Facility.objects.within(self.region).values_list(
                "pk", "village__code", "kind", "name"
            )
        }
        self.instances = Facility.objects.in_bulk(self.existing.values())

    def parse_row(self, cells):
        data = {key: "" if value is None else value for key, value in cells.items()}
        for key, lookup in (("kind", self.kinds), ("manager_kind", self.managers)):
            if data.get(key) != "" and key in data:
                data[key] = lookup.get(_fold(data[key]), data[key])
        if data.get("programme"):
            data["programme"] = self._programme(data["programme"])
        for key in ("village", "name", "year_built", "people_served", "households_served"):
            if isinstance(data.get(key), float) and data[key].is_integer():
                data[key] = int(data[key])
        key = (str(data.get("village", "")).strip(), data.get("kind"), _fold(data.get("name", "")))
        if key in self.seen:
            self.problem(
                "", _("The same facility is also in row %(row)d.") % {"row": self.seen[key]}
            )
        self.seen[key] = self.row
        instance = self.instances.get(self.existing.get(key))
        form = FacilityForm(
            {k: v if k in RAW_NUMBERS else str(v) for k, v in data.items()},
            instance=instance,
            region=self.region,
            user=self.user,
        )
        if not form.is_valid():
            self.form_problems(form)
            return None
        if instance is not None and not form.has_changed():
            self.unchanged += 1
            return None
        return form

    def _programme(self, name):
        """The id of the one programme called `name`, or "" after a problem."""
        matches = self.programmes.get(_fold(name), [])
        if len(matches) == 1:
            return matches[0]
        message = (
            _("No programme is called “%(name)s”.")
            if not matches
            else _("Several programmes are called “%(name)s”; correct it on the page.")
        )
        self.problem("programme", message % {"name": name})
        return ""

    def apply(self, forms_to_save):
        summary = self.summary(unchanged=self.unchanged)
        for form in forms_to_save:
            created = form.instance.pk is None
            form.save()
            if created:
                summary.created += 1
            else:
                summary.changed += 1
        return summary


# Writing a workbook takes 0.13 s per thousand rows on a quiet server, several times that on a
# busy one: a longer list is refused with a message pointing to the filters and to the CSV
# file, which has no limit (views.export). A province's facilities fit.
XLSX_MAX_ROWS = 20_000
CHUNK = 2000
# The columns of the CSV export holding text that someone typed, which `safe_cell` must see;
# the others hold numbers, codes, dates or Sinergi's own labels.
TEXT_COLUMNS = [
    i
    for i, column in enumerate(COLUMNS)
    if column.key in {"village_name", "name", "programme", "capacity_unit", "manager_name"}
]


def _export_values(facilities):
    return facilities.order_by("village__code", "kind", "name", "pk").values_list(
        "pk",
        "village__code",
        "village__name",
        "kind",
        "name",
        "latitude",
        "longitude",
        "year_built",
        "programme__name",
        "capacity",
        "capacity_unit",
        "people_served",
        "households_served",
        "manager_kind",
        "manager_name",
        "status",
        "last_inspected_on",
    )


def _blank(value):
    return "" if value is None else value


def export_rows(facilities, as_text=False):
    """Rows of the XLSX/CSV export of `facilities`, read in chunks as they are written."""
    kinds, managers = _labels(Facility.Kind), _labels(Facility.Manager)
    with translation.override("id"):
        statuses = {NOT_INSPECTED: status_label(None)}
        statuses.update({s: status_label(s) for s in COLOURS if s != NOT_INSPECTED})
    for row in _export_values(facilities).iterator(chunk_size=CHUNK):
        (_pk, code, village, kind, name, lat, lon, year, programme, capacity, unit) = row[:11]
        people, households, manager_kind, manager_name, status, last = row[11:]
        numbers = [lat, lon, year, programme, capacity]
        if as_text:
            numbers = [_blank(n) for n in numbers]
        yield [
            code,
            village,
            kinds.get(kind, kind),
            name,
            *numbers,
            unit,
            _blank(people),
            _blank(households),
            managers.get(manager_kind, manager_kind),
            manager_name,
            statuses[status or NOT_INSPECTED],
            last.isoformat() if as_text and last else last,
        ]


def export_header() -> list[str]:
    return [*(c.header.rstrip("*") for c in COLUMNS), *EXPORT_EXTRA]


def xlsx_bytes(facilities) -> bytes:
    """The XLSX export, of at most `XLSX_MAX_ROWS` facilities (the view refuses more)."""
    rows = itertools.islice(export_rows(facilities), XLSX_MAX_ROWS)
    return spreadsheets.workbook_bytes(SHEET, export_header(), rows)


def csv_lines(facilities):
    """The CSV export, line by line, for a streaming response."""
    rows = export_rows(facilities, as_text=True)
    return spreadsheets.csv_lines(export_header(), rows, text_columns=TEXT_COLUMNS)


def template_bytes() -> bytes:
    """An empty template with drop-downs of the types and managing bodies."""
    choices = {
        "kind": tuple(_labels(Facility.Kind).values()),
        "manager_kind": tuple(_labels(Facility.Manager).values()),
    }
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
    return spreadsheets.template_bytes(SHEET, columns, LISTS, max_rows=FacilityImporter.max_rows)


def geojson_lines(facilities, code):
    """A GeoJSON FeatureCollection of `facilities` with their latest status and its colour,
    one feature a line, for a streaming response; a facility without coordinates has a null
    geometry."""
    kinds = {kind: str(label) for kind, label in Facility.Kind.choices}
    labels = {status: status_label(status) for status in COLOURS}
    # One reversal for all: the detail address with a placeholder for the id.
    placeholder = "999999999"
    url = reverse("facilities:detail", args=[code, int(placeholder)])
    yield '{"type":"FeatureCollection","features":['
    first = True
    for row in _export_values(facilities).iterator(chunk_size=CHUNK):
        pk, village_code, village, kind, name, lat, lon, year = row[:8]
        people, households = row[11:13]
        status, last = row[15] or NOT_INSPECTED, row[16]
        geometry = None
        if lat is not None and lon is not None:
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        feature = {
            "type": "Feature",
            "id": pk,
            "geometry": geometry,
            "properties": {
                "id": pk,
                "name": name,
                "kind": kind,
                "kind_label": kinds[kind],
                "village_code": village_code,
                "village": village,
                "year_built": year,
                "programme": row[8],
                "people_served": people,
                "households_served": households,
                "status": status,
                "status_label": labels[status],
                "colour": COLOURS[status],
                "last_inspected_on": last.isoformat() if last else None,
                "url": url.replace(placeholder, str(pk)),
            },
        }
        yield ("\n" if first else ",\n") + json.dumps(
            feature, ensure_ascii=False, separators=(",", ":")
        )
        first = False
    yield "\n]}\n"


def export_filename(code, fmt) -> str:
    return f"sarana-sinergi-{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
