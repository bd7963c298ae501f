"""The datasets of the open-data catalogue (`/data/`): one class each, in one registry.

A dataset says what it is (title, description, keywords, theme, how often it changes), what its
columns are (name, type, meaning: the data dictionary), which rows it holds and when it last
changed. The formats (`formats.py`), the pages and the DCAT catalogue (`dcat.py`) read only this,
so a dataset added here appears everywhere at once.

Only public data: every row is what a visitor may read on the portal or through the public API
today, chosen by the same rules (`pokja.access.PUBLISHED_VALUES` for indicator values, public
indicators for targets, public documents only; no contact person of a programme, no inspector of
a facility). Meetings and their decisions are internal to each working group
(`access.visible_filter`), so no dataset publishes them.

Rows are read lazily, in chunks (`iterator(chunk_size=…)`), and handed out one at a time, so a
download of millions of indicator values never holds them all in memory.
"""

import datetime
import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sinergi.facilities.models import Facility
from sinergi.library.models import Document
from sinergi.monitoring.models import DataValue, Indicator, IndicatorYear, Period, Target
from sinergi.monitoring.rollups import ROLLUP, Figures
from sinergi.pokja.access import PUBLISHED_VALUES
from sinergi.pokja.models import WorkingGroup
from sinergi.portal.directory import directory
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region

CHUNK = 2000

# Column types, with how each is written in every format (docs/open-data.md, "Formats").
STRING, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN = (
    "string",
    "integer",
    "decimal",
    "date",
    "datetime",
    "boolean",
)
TYPE_LABELS = {
    STRING: _("text"),
    INTEGER: _("whole number"),
    DECIMAL: _("decimal number, with a point as decimal separator"),
    DATE: _("date, YYYY-MM-DD"),
    DATETIME: _("date and time, ISO 8601 in UTC"),
    BOOLEAN: _("true or false"),
}

# The frequency vocabulary of the EU Publications Office, which DCAT-AP and CKAN read.
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "DAILY": _("daily"),
    "UPDATE_CONT": _("continuously, as working groups record data"),
    "ANNUAL": _("yearly"),
    "IRREG": _("irregularly, when the national secretariat changes it"),
}
# The data-theme vocabulary of the EU Publications Office (dcat:theme).
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"

FORMAT_LABELS = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GeoJSON"}
# Where a GeoJSON feature's geometry comes from.
POINT, REGION = "point", "region"
BOUNDARY_FILES = ("data/boundaries/provinces-38.geojson", "data/boundaries/kabupaten-kota.geojson")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def page_url(name: str, *args) -> str:
    """The absolute address of a portal page, at its Indonesian (unprefixed) path."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=args))


def _latest(*moments):
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def _start_of_today():
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time()))


@functools.cache
def region_shapes() -> dict:
    """{region code: GeoJSON geometry} of the provinces and kabupaten/kota, from the simplified
    boundaries the maps draw (static/data/boundaries/, MIT licence, geometry from BIG)."""
    shapes = {}
    for name in BOUNDARY_FILES:
        path = finders.find(name)
        if not path:
            continue
        with open(path, encoding="utf-8") as handle:
            for feature in json.load(handle)["features"]:
                shapes[feature["properties"]["code"]] = feature["geometry"]
    return shapes


class Dataset:
    slug = ""
    title = ""
    description = ""
    keywords: tuple = ()
    themes: tuple = ()
    frequency = "UPDATE_CONT"
    columns: list[Column] = []
    # POINT: `latitude` and `longitude` columns; REGION: the boundary of the `region_code`.
    geometry: str | None = None
    # The slug of a dataset whose data this one is made of: they change together.
    modified_as: str | None = None

    def rows(self):
        """The rows, each a tuple of values in the order of `columns`."""
        raise NotImplementedError

    def modified(self) -> datetime.datetime | None:
        """When the data last changed, from the data (one aggregate query); None if unknown."""
        return None

    @property
    def formats(self) -> list[str]:
        return ["csv", "xlsx", "json"] + (["geojson"] if self.geometry else [])

    @property
    def downloads(self) -> list[tuple[str, str]]:
        """(format, its name) of each download."""
        return [(fmt, FORMAT_LABELS[fmt]) for fmt in self.formats]

    @property
    def frequency_label(self):
        return FREQUENCIES[self.frequency]

    def feature_geometry(self, record: dict):
        if self.geometry == POINT:
            lat, lon = record.get("latitude"), record.get("longitude")
            if lat is None or lon is None:
                return None
            return {"type": "Point", "coordinates": [float(lon), float(lat)]}
        if self.geometry == REGION:
            return region_shapes().get(record.get("region_code"))
        return None


class WorkingGroups(Dataset):
    slug = "kelompok-kerja"
    title = _("Working groups and their legal status")
    description = _(
        "Every province and regency or city of Indonesia with its water and sanitation working "
        "group (Pokja AMPL or an equivalent forum), or the lack of one: the kind of group, its "
        "legal status from its decrees (SK) on the day of the download, its secretariat and "
        "office contact. The same rows as the directory at /pokja/."
    )
    keywords = (_("working group"), "Pokja AMPL", _("decree"), _("directory"))
    themes = ("GOVE", "REGI")
    frequency = "DAILY"
    geometry = REGION
    columns = [
        Column("region_code", STRING, _("Kemendagri code of the province or regency/city.")),
        Column("region_name", STRING, _("Official name of the region.")),
        Column(
            "region_level", STRING, _("provinsi (province) or kabupaten_kota (regency or city).")
        ),
        Column("province_code", STRING, _("Code of the province the region lies in.")),
        Column("province_name", STRING, _("Name of that province.")),
        Column("working_group", STRING, _("Name of the working group; empty when none.")),
        Column(
            "working_group_kind",
            STRING,
            _("ampl, sanitasi, ppas, pkp or lainnya (another equivalent forum)."),
        ),
        Column(
            "legal_status",
            STRING,
            _(
                "none (no working group), forming (no decree yet), active (a decree is in "
                "force), expiring (the decrees in force end soon) or expired."
            ),
        ),
        Column(
            "decree_valid",
            BOOLEAN,
            _("Whether a decree (SK) is in force on the day of the download."),
        ),
        Column(
            "decrees_valid_until",
            DATE,
            _("Last day of the decrees in force and of those that follow them; empty if none."),
        ),
        Column("formed_on", DATE, _("Day the working group was formed, when known.")),
        Column("secretariat_address", STRING, _("Address of the secretariat.")),
        Column("contact_institution", STRING, _("Institution to contact, usually the Bappeda.")),
        Column("office_email", STRING, _("E-mail address of the office.")),
        Column("office_phone", STRING, _("Telephone number of the office.")),
        Column("url", STRING, _("Page of the region's working group on the portal.")),
    ]

    def rows(self):
        levels = {Region.Level.PROVINCE: "provinsi", Region.Level.REGENCY: "kabupaten_kota"}
        _form, rows = directory()
        for row in rows:
            group = row.group
            institution = group.contact_institution if group else None
            yield (
                row.code,
                row.region.name,
                levels[row.region.level],
                row.province.code if row.province else row.code,
                row.province.name if row.province else row.region.name,
                group.name if group else "",
                group.kind if group else "",
                str(row.status),
                bool(group and group.has_valid_decree),
                group.decrees_valid_until if group else None,
                group.formed_on if group else None,
                group.secretariat_address if group else "",
                institution.name if institution else "",
                group.email if group else "",
                group.phone if group else "",
                page_url("portal:profile", row.code),
            )

    def modified(self):
        # The legal status is worked out for the day of the download, so it may change at
        # midnight without any record changing.
        found = WorkingGroup.objects.aggregate(
            groups=Max("updated"), decrees=Max("decrees__created")
        )
        return _latest(found["groups"], found["decrees"], _start_of_today())


class Indicators(Dataset):
    slug = "indikator"
    title = _("Indicator catalogue")
    description = _(
        "The public water and sanitation indicators: code, names and definitions in Indonesian "
        "and English, unit, sector, and how a region's figure is added up from the regions "
        "below it. The codes are those of the indicator values and targets."
    )
    keywords = (_("indicator"), _("drinking water"), _("sanitation"))
    themes = ("ENVI", "HEAL")
    frequency = "IRREG"
    columns = [
        Column("code", STRING, _("Code of the indicator.")),
        Column("name_id", STRING, _("Name in Indonesian.")),
        Column("name_en", STRING, _("Name in English.")),
        Column("definition_id", STRING, _("Definition in Indonesian.")),
        Column("definition_en", STRING, _("Definition in English.")),
        Column("unit", STRING, _("persen, rumah_tangga, jiwa, desa, sarana, rupiah or angka.")),
        Column(
            "sector",
            STRING,
            _("air_minum, sanitasi, persampahan, higiene_stbm or kelembagaan."),
        ),
        Column("direction", STRING, _("naik (higher is better) or turun (lower is better).")),
        Column(
            "aggregation",
            STRING,
            _(
                "rasio (sum of numerators over sum of denominators) or jumlah (sum of the "
                "regions below)."
            ),
        ),
        Column("scale", INTEGER, _("A ratio is numerator / denominator × scale.")),
        Column("numerator", STRING, _("What the numerator counts.")),
        Column("denominator", STRING, _("What the denominator counts.")),
        Column("definition_source", STRING, _("Where the definition comes from.")),
        Column("default_source", STRING, _("Source of the values that figures are made of.")),
        Column(
            "default_method", STRING, _("nasional (national definition) or jmp (WHO/UNICEF JMP).")
        ),
        Column(
            "coverage_threshold",
            INTEGER,
            _("Coverage, in percent, under which a figure added up is marked partial."),
        ),
        Column("is_key", BOOLEAN, _("Whether it is a key indicator of the dashboards.")),
    ]

    def rows(self):
        return (
            Indicator.objects.filter(is_public=True)
            .order_by("order", "code")
            .values_list(
                "code",
                "name_id",
                "name_en",
                "definition_id",
                "definition_en",
                "unit",
                "sector",
                "direction",
                "aggregation",
                "scale",
                "numerator_label",
                "denominator_label",
                "source",
                "default_source",
                "default_method",
                "coverage_threshold",
                "is_key",
            )
            .iterator(chunk_size=CHUNK)
        )


REGION_COLUMNS = [
    Column("region_code", STRING, _("Kemendagri code of the region.")),
    Column("region_name", STRING, _("Official name of the region.")),
]
SOURCE_COLUMN = Column("source", STRING, _("bps_susenas, stbm, pdam, survei, program or lainnya."))
METHOD_COLUMN = Column(
    "method", STRING, _("nasional (national definition) or jmp (WHO/UNICEF JMP).")
)


class IndicatorValues(Dataset):
    slug = "nilai-indikator"
    title = _("Indicator values")
    description = _(
        "Every verified value of a public indicator, as entered for a region (province, "
        "regency or city, village) and period, with its source and method. Drafts and "
        "values of internal indicators are left out. Values of different sources or methods "
        "are separate rows and must not be added together."
    )
    keywords = (_("indicator"), _("drinking water"), _("sanitation"), "SDG 6")
    themes = ("ENVI", "HEAL")
    columns = [
        Column("indicator_code", STRING, _("Code of the indicator (see the indicator catalogue).")),
        *REGION_COLUMNS,
        Column("year", INTEGER, _("Year of the value.")),
        Column("period", STRING, _("tahun (whole year), s1, s2 (semesters) or m01–m12 (months).")),
        SOURCE_COLUMN,
        METHOD_COLUMN,
        Column("value", DECIMAL, _("The value, in the indicator's unit.")),
        Column("numerator", DECIMAL, _("Numerator of a ratio indicator, e.g. households.")),
        Column("denominator", DECIMAL, _("Denominator of a ratio indicator.")),
        Column("note", STRING, _("Note of the person who entered the value.")),
        Column("verified_at", DATETIME, _("When the value was verified.")),
        Column("updated_at", DATETIME, _("When the record last changed.")),
    ]

    def rows(self):
        return (
            DataValue.objects.filter(PUBLISHED_VALUES)
            .order_by("indicator__code", "region__code", "year", "period", "source", "method")
            .values_list(
                "indicator__code",
                "region__code",
                "region__name",
                "year",
                "period",
                "source",
                "method",
                "value",
                "numerator",
                "denominator",
                "note",
                "verified",
                "updated",
            )
            .iterator(chunk_size=CHUNK)
        )

    def modified(self):
        return DataValue.objects.filter(PUBLISHED_VALUES).aggregate(last=Max("updated"))["last"]


class RegionFigures(Dataset):
    slug = "angka-wilayah"
    title = _("Indicator figures by region (roll-ups)")
    description = _(
        "The yearly figure of each public indicator for the nation, every province and every "
        "regency or city, made of verified values only: the value entered for the region itself "
        "or the regions below added up (sum of numerators over sum of denominators, never an "
        "average of percentages), whichever is more complete, with how much of the region it "
        "covers. The same figures as the dashboards and the map."
    )
    keywords = (_("indicator"), _("roll-up"), _("drinking water"), _("sanitation"))
    themes = ("ENVI", "HEAL")
    # Made of the published indicator values only: it changes when they change.
    modified_as = "nilai-indikator"
    geometry = REGION
    columns = [
        Column("indicator_code", STRING, _("Code of the indicator (see the indicator catalogue).")),
        *REGION_COLUMNS,
        Column("region_level", STRING, _("nasional, provinsi or kabupaten_kota.")),
        Column("year", INTEGER, _("Year of the figure (whole-year values only).")),
        Column("value", DECIMAL, _("The figure, in the indicator's unit.")),
        Column("numerator", DECIMAL, _("Sum of the numerators (ratio indicators).")),
        Column("denominator", DECIMAL, _("Sum of the denominators (ratio indicators).")),
        Column(
            "kind",
            STRING,
            _("direct (entered for the region itself) or rollup (the regions below added up)."),
        ),
        Column("reported", INTEGER, _("Regions below with a figure (a roll-up).")),
        Column("expected", INTEGER, _("Regions below (a roll-up).")),
        Column(
            "coverage",
            DECIMAL,
            _("Share of the region's denominator covered, in percent (100 for a direct value)."),
        ),
        Column("partial", BOOLEAN, _("Coverage below the indicator's threshold.")),
    ]

    def rows(self):
        try:
            nation = Region.objects.national()
        except Region.DoesNotExist:
            return
        levels = {0: "nasional", 1: "provinsi", 2: "kabupaten_kota"}
        regions = list(
            Region.objects.filter(level__lte=Region.Level.REGENCY)
            .order_by("code")
            .values_list("code", "name", "level")
        )
        years = {}
        for indicator_id, year in (
            IndicatorYear.objects.filter(period=Period.YEAR, verified_count__gt=0)
            .order_by("year")
            .values_list("indicator", "year")
        ):
            years.setdefault(indicator_id, []).append(year)
        indicators = Indicator.objects.filter(is_public=True, pk__in=list(years))
        # One indicator at a time: its tree holds at most the regions' figures of its years.
        for indicator in indicators.order_by("code"):
            tree = Figures([indicator], nation, years[indicator.pk], Period.YEAR, False)
            for code, name, level in regions:
                for year in years[indicator.pk]:
                    figure = tree.figure(indicator.pk, year, code, level)
                    if figure is None or figure.value is None:
                        continue
                    yield (
                        indicator.code,
                        code,
                        name,
                        levels[level],
                        year,
                        figure.value,
                        figure.numerator,
                        figure.denominator,
                        figure.kind,
                        figure.reported if figure.kind == ROLLUP else None,
                        figure.expected if figure.kind == ROLLUP else None,
                        figure.coverage,
                        figure.partial,
                    )


class Targets(Dataset):
    slug = "target"
    title = _("Targets")
    description = _(
        "What each public indicator should reach in a region by the end of a year, from the "
        "strategic plans of the working groups and national plans such as the RPJMN."
    )
    keywords = (_("target"), _("indicator"), "RPJMN")
    themes = ("ENVI", "GOVE")
    frequency = "ANNUAL"
    columns = [
        Column("indicator_code", STRING, _("Code of the indicator (see the indicator catalogue).")),
        *REGION_COLUMNS,
        Column("year", INTEGER, _("Year by whose end the target should be reached.")),
        Column("target", DECIMAL, _("The target, in the indicator's unit.")),
        Column("basis", STRING, _("Where the target comes from, e.g. RPJMN 2020–2024.")),
        Column("created_at", DATETIME, _("When the target was recorded.")),
    ]

    def rows(self):
        return (
            Target.objects.filter(indicator__is_public=True)
            .order_by("indicator__code", "region__code", "year")
            .values_list(
                "indicator__code",
                "region__code",
                "region__name",
                "year",
                "value",
                "basis",
                "created",
            )
            .iterator(chunk_size=CHUNK)
        )

    def modified(self):
        return Target.objects.filter(indicator__is_public=True).aggregate(last=Max("created"))[
            "last"
        ]


class Programmes(Dataset):
    slug = "program"
    title = _("External programmes")
    description = _(
        "The register of external programmes and projects (national programmes, DAK, donors, "
        "CSR, KPBU) that support water and sanitation and enter the regions through their "
        "working groups: funder, period, budget, status and locations. Contact persons are "
        "left out."
    )
    keywords = (_("programme"), _("funding"), "PAMSIMAS", "SANIMAS", "DAK")
    themes = ("GOVE", "ECON")
    columns = [
        Column("id", INTEGER, _("Number of the programme in Sinergi.")),
        Column("name", STRING, _("Name of the programme.")),
        Column("kind", STRING, _("nasional, dak, donor, csr, kpbu or lainnya.")),
        Column(
            "sector",
            STRING,
            _("air_minum, sanitasi, persampahan, higiene_stbm or kelembagaan."),
        ),
        Column("funder", STRING, _("Who funds it.")),
        Column("implementer", STRING, _("Implementing partner.")),
        Column("starts_on", DATE, _("First day.")),
        Column("ends_on", DATE, _("Last day.")),
        Column("budget_idr", DECIMAL, _("Budget in rupiah, when known.")),
        Column("status", STRING, _("diusulkan, disepakati, berjalan or selesai.")),
        Column("registered_by", STRING, _("Region code of the working group that keeps it.")),
        Column(
            "reports_to",
            STRING,
            _("Region codes of the working groups it reports to, separated by spaces."),
        ),
        Column(
            "locations",
            STRING,
            _("Region codes of its locations, separated by spaces."),
        ),
        Column("url", STRING, _("Page of the programme on the portal.")),
        Column("updated_at", DATETIME, _("When the record last changed.")),
    ]

    def rows(self):
        programmes = (
            Programme.objects.select_related("registered_by__region")
            .prefetch_related(
                Prefetch("locations", Region.objects.only("code").order_by("code")),
                Prefetch(
                    "working_groups",
                    WorkingGroup.objects.select_related("region").order_by("region__code"),
                ),
            )
            .order_by("pk")
        )
        for programme in programmes.iterator(chunk_size=CHUNK):
            yield (
                programme.pk,
                programme.name,
                programme.kind,
                programme.sector,
                programme.funder,
                programme.implementer,
                programme.starts_on,
                programme.ends_on,
                programme.budget,
                programme.status,
                programme.registered_by.region.code,
                " ".join(g.region.code for g in programme.working_groups.all()),
                " ".join(r.code for r in programme.locations.all()),
                page_url("programmes:detail", programme.pk),
                programme.updated,
            )

    def modified(self):
        return Programme.objects.aggregate(last=Max("updated"))["last"]


class Facilities(Dataset):
    slug = "sarana"
    title = _("Built facilities")
    description = _(
        "Water and sanitation facilities built in the villages (piped water systems, bore "
        "wells, communal toilets, wastewater plants…), with their location, capacity, who "
        "manages them and their functional status at the latest inspection."
    )
    keywords = (_("facility"), _("drinking water"), _("sanitation"), "SPAM", "IPAL")
    themes = ("ENVI", "REGI")
    geometry = POINT
    columns = [
        Column("id", INTEGER, _("Number of the facility in Sinergi.")),
        Column(
            "kind",
            STRING,
            _(
                "spam, sumur_bor, hidran_umum, pah, ipal_komunal, mck, tangki_septik, iplt, "
                "tps3r or lainnya."
            ),
        ),
        Column("name", STRING, _("Name of the facility.")),
        Column("region_code", STRING, _("Kemendagri code of its village (desa/kelurahan).")),
        Column("region_name", STRING, _("Name of the village.")),
        Column("latitude", DECIMAL, _("Latitude, WGS84 decimal degrees; empty if unknown.")),
        Column("longitude", DECIMAL, _("Longitude, WGS84 decimal degrees; empty if unknown.")),
        Column("year_built", INTEGER, _("Year it was built.")),
        Column("programme_id", INTEGER, _("Programme that built it (see External programmes).")),
        Column("capacity", DECIMAL, _("Capacity, in capacity_unit.")),
        Column("capacity_unit", STRING, _("Unit of the capacity, e.g. L/s.")),
        Column("people_served", INTEGER, _("People served.")),
        Column("households_served", INTEGER, _("Households served.")),
        Column("manager_kind", STRING, _("kpspams, bumdes, pdam, ksm or lainnya.")),
        Column("manager_name", STRING, _("Name of the managing body.")),
        Column(
            "status",
            STRING,
            _(
                "At the latest inspection: berfungsi (working), sebagian (partly working) or "
                "tidak_berfungsi (not working); empty if never inspected."
            ),
        ),
        Column("last_inspected_on", DATE, _("Day of the latest inspection.")),
        Column("updated_at", DATETIME, _("When the record last changed.")),
    ]

    def rows(self):
        return (
            Facility.objects.with_status()
            .order_by("village__code", "name", "pk")
            .values_list(
                "pk",
                "kind",
                "name",
                "village__code",
                "village__name",
                "latitude",
                "longitude",
                "year_built",
                "programme",
                "capacity",
                "capacity_unit",
                "people_served",
                "households_served",
                "manager_kind",
                "manager_name",
                "status",
                "last_inspected_on",
                "updated",
            )
            .iterator(chunk_size=CHUNK)
        )

    def modified(self):
        # A new inspection changes a facility's status.
        found = Facility.objects.aggregate(
            facilities=Max("updated"), inspections=Max("inspections__created")
        )
        return _latest(found["facilities"], found["inspections"])


class Documents(Dataset):
    slug = "dokumen"
    title = _("Public documents")
    description = _(
        "The public documents of the library (guides, regulations, decree templates, "
        "strategic plans, reports, studies): title, category, year, language, the working group "
        "that published it, and the address of its newest version. Internal documents are "
        "left out."
    )
    keywords = (_("document"), _("library"), _("guide"), _("regulation"))
    themes = ("GOVE", "EDUC")
    frequency = "IRREG"
    columns = [
        Column("id", INTEGER, _("Number of the document in Sinergi.")),
        Column("title", STRING, _("Title.")),
        Column(
            "category",
            STRING,
            _("panduan, regulasi, contoh_sk, renstra, laporan, kajian, pelatihan or lainnya."),
        ),
        Column("description", STRING, _("Description.")),
        Column("year", INTEGER, _("Year of the document.")),
        Column("language", STRING, _("id (Indonesian), en (English) or lainnya.")),
        Column("publisher_region_code", STRING, _("Region code of the publishing working group.")),
        Column("publisher", STRING, _("Name of the publishing working group.")),
        Column("version", INTEGER, _("Number of the newest version.")),
        Column("file_name", STRING, _("File name of the newest version.")),
        Column("size_bytes", INTEGER, _("Size of the newest version, in bytes.")),
        Column("download_url", STRING, _("Address of the newest version's file.")),
        Column("url", STRING, _("Page of the document on the portal.")),
        Column("updated_at", DATETIME, _("When the record last changed.")),
    ]

    def rows(self):
        documents = (
            Document.objects.public()
            .with_latest()
            .order_by("pk")
            .values_list(
                "pk",
                "title",
                "category",
                "description",
                "year",
                "language",
                "working_group__region__code",
                "working_group__name",
                "latest_number",
                "latest_filename",
                "latest_size",
                "updated",
            )
        )
        for pk, *fields, updated in documents.iterator(chunk_size=CHUNK):
            download = page_url("library:document_download", pk) if fields[7] else ""
            yield (pk, *fields, download, page_url("library:document", pk), updated)

    def modified(self):
        found = Document.objects.public().aggregate(
            documents=Max("updated"), versions=Max("versions__created")
        )
        return _latest(found["documents"], found["versions"])


DATASETS = [
    WorkingGroups(),
    IndicatorValues(),
    RegionFigures(),
    Targets(),
    Indicators(),
    Programmes(),
    Facilities(),
    Documents(),
]
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def by_slug(slug: str) -> Dataset | None:
    return BY_SLUG.get(slug)


def modified_times() -> dict:
    """{slug: when the dataset last changed, or None}: one aggregate query a dataset, once for
    datasets made of the same data."""
    found = {}
    for dataset in DATASETS:
        if dataset.modified_as is None:
            found[dataset.slug] = dataset.modified()
    for dataset in DATASETS:
        if dataset.modified_as is not None:
            found[dataset.slug] = found[dataset.modified_as]
    return found
