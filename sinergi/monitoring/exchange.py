"""Indicator values exchanged with other systems: DHIS2 `dataValueSets` JSON and SDMX-CSV.

Both formats become the `ValueRow`s of `sinergi.monitoring.values` and go through its
`validate_rows` and `apply_rows`, as the XLSX upload, the grid and the API do: the same checks
(catalogue, plausibility, the regions the user may write), all rows or none, the same history,
and verified values changed only as proposed changes. docs/exchange.md describes the formats.

Codes are Sinergi's (DHIS2's `idScheme=code`): a data element is an indicator code, an
organisation unit a Kemendagri region code, a period a DHIS2 or SDMX period of a year, a
semester or a month. A `Mapping` translates the codes of another system. DHIS2 carries one
number a data value, so a ratio indicator travels as three data elements: `<code>` (its value,
for reading), `<code>.numerator` and `<code>.denominator`; the source and method of a value
other than the indicator's defaults travel as the attribute option combination
`<source>-<method>`. SDMX-CSV carries them as columns.
"""

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sinergi.lib import spreadsheets
from sinergi.monitoring.models import Indicator, Period
from sinergi.monitoring.values import Problem, Summary, ValueRow, apply_rows, validate_rows
from sinergi.regions.models import Region

# DHIS2's default category option combination: its code, and its UID in every DHIS2 instance.
DEFAULT_COMBOS = {"", "default", "hllvx50cxc0"}
PARTS = ("numerator", "denominator")
DATAFLOW = "SINERGI:AMPL(1.0)"
SDMX_HEADER = [
    "DATAFLOW",
    "INDICATOR",
    "REF_AREA",
    "SOURCE",
    "METHOD",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "NUMERATOR",
    "DENOMINATOR",
    "COMMENT",
]
# As many values as an XLSX upload has rows; a ratio takes three DHIS2 data values.
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# The ValueRow fields as each format names them, for the problems.
DHIS2_FIELDS = {
    "indicator": "dataElement",
    "region": "orgUnit",
    "year": "period",
    "period": "period",
    "source": "attributeOptionCombo",
    "method": "attributeOptionCombo",
    "value": "value",
    "numerator": "value (.numerator)",
    "denominator": "value (.denominator)",
    "note": "comment",
}
SDMX_FIELDS = {
    "indicator": "INDICATOR",
    "region": "REF_AREA",
    "year": "TIME_PERIOD",
    "period": "TIME_PERIOD",
    "source": "SOURCE",
    "method": "METHOD",
    "value": "OBS_VALUE",
    "numerator": "NUMERATOR",
    "denominator": "DENOMINATOR",
    "note": "COMMENT",
}

_MONTHS = {f"{m:02d}": f"m{m:02d}" for m in range(1, 13)}
_PERIOD_FORMS = [
    re.compile(r"(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-?S(?P<semester>[12])", re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-?M?(?P<month>\d{2})", re.IGNORECASE),
]
_MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


class ExchangeError(Exception):
    """A file that cannot be read at all; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Mapping:
    """Codes of another system and the Sinergi codes they stand for: `indicator` for DHIS2
    data elements and SDMX INDICATOR (a target may end in .numerator or .denominator),
    `region` for organisation units and REF_AREA, `combo` for attribute option combinations
    (a target `<source>-<method>`)."""

    indicator: dict = field(default_factory=dict)
    region: dict = field(default_factory=dict)
    combo: dict = field(default_factory=dict)

    SECTIONS = {
        "indicator": "indicator",
        "dataelement": "indicator",
        "region": "region",
        "orgunit": "region",
        "ref_area": "region",
        "combo": "combo",
        "attributeoptioncombo": "combo",
    }

    def add(self, section, code, target):
        name = self.SECTIONS.get(str(section).strip().casefold())
        if name is None:
            raise ExchangeError(
                _("“%(section)s” is not a part of a mapping: use dataElement or orgUnit.")
                % {"section": section}
            )
        code, target = str(code).strip(), str(target).strip()
        if code and target:
            getattr(self, name)[code.casefold()] = target

    def get(self, section, code) -> str:
        return getattr(self, section).get(code.casefold(), code)


def parse_mapping(data: bytes) -> Mapping:
    """A mapping from a JSON object (`{"dataElement": {"theirs": "am-layak"}, "orgUnit":
    {...}}`) or a CSV file with three columns: part, their code, Sinergi's code."""
    mapping = Mapping()
    text = _text(data)
    if text.lstrip().startswith("{"):
        read_mapping(load_json(text), mapping)
        return mapping
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].casefold() in ("part", "bagian")):
            continue
        if len(cells) < 3:
            raise ExchangeError(
                _("Row %(row)d of the mapping needs three columns: part, code, Sinergi code.")
                % {"row": number}
            )
        mapping.add(*cells[:3])
    return mapping


def read_mapping(sections, mapping=None) -> Mapping:
    """The mapping of the JSON object `sections` (as `parse_mapping` reads it)."""
    mapping = mapping or Mapping()
    if not isinstance(sections, dict) or not all(isinstance(s, dict) for s in sections.values()):
        raise ExchangeError(
            _("A mapping is an object of parts (dataElement, orgUnit), each of codes.")
        )
    for section, codes in sections.items():
        for code, target in codes.items():
            mapping.add(section, code, target)
    return mapping


@dataclass
class Parsed:
    """Rows read from a file, the problems of the format itself, and the codes that are
    neither Sinergi's nor mapped to Sinergi's, counted."""

    rows: list = field(default_factory=list)  # ValueRow, numbered as the file
    problems: list = field(default_factory=list)  # values.Problem, columns named as the file
    fields: dict = field(default_factory=dict)
    unmapped: dict = field(default_factory=lambda: {"indicator": Counter(), "region": Counter()})

    def problem(self, row, column, message):
        self.problems.append(Problem(row, column, message))


@dataclass
class Result:
    """What an import did, or would do in a dry run: the summary when nothing was wrong."""

    summary: Summary | None
    problems: list
    unmapped: dict
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.summary is not None


def load_json(text):
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise ExchangeError(_("The file is not valid JSON.")) from None
    _refuse_nul(document)
    return document


def decode(data) -> str:
    """The text of an upload or request body in UTF-8 (with or without a byte-order mark)."""
    return _text(data)


def _text(data) -> str:
    if not isinstance(data, str):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExchangeError(_("The file is not text in UTF-8.")) from None
    _refuse_nul(data)
    return data


def _refuse_nul(document) -> None:
    """No text may hold a NUL character (PostgreSQL cannot store or compare one): refuse a
    document that has one anywhere, also as a JSON escape (\\u0000) in a key or a value."""
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise ExchangeError(_("The file holds a NUL character, which no text may contain."))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _number(raw):
    """A number of a machine format (82.5, as DHIS2 and SDMX write them) as a Decimal; other
    text as it is, for `values.parse_decimal` to read or refuse with its message."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        raw = repr(raw)
    text = str(raw).strip()
    if text == "" or text.casefold() == "nan":
        return None
    if _MACHINE_NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    return text


def parse_period(raw) -> tuple[str, str]:
    """The year and the Period of a DHIS2 or SDMX period: 2025; 2025S1, 2025-S1; 202501,
    2025-01, 2025-M01. Raises ValueError with a message for the user."""
    text = "" if raw is None else str(raw).strip()
    for form in _PERIOD_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        if parts.get("semester"):
            return parts["year"], f"s{parts['semester']}"
        if parts.get("month"):
            if parts["month"] not in _MONTHS:
                break
            return parts["year"], _MONTHS[parts["month"]]
        return parts["year"], Period.YEAR
    raise ValueError(
        _(
            "“%(period)s” is not a period Sinergi keeps: a year (2025), a semester (2025S1) or "
            "a month (202501)."
        )
        % {"period": text}
    )


def dhis2_period(year, period) -> str:
    if period == Period.YEAR:
        return str(year)
    if period in ("s1", "s2"):
        return f"{year}{period.upper()}"
    return f"{year}{period[1:]}"


def sdmx_period(year, period) -> str:
    if period == Period.YEAR:
        return str(year)
    if period in ("s1", "s2"):
        return f"{year}-{period.upper()}"
    return f"{year}-{period[1:]}"


def _combo(raw, mapping) -> tuple[str | None, str | None]:
    """The source and method of an attribute option combination (`<source>-<method>` or a
    source alone; the default one: the indicator's)."""
    code = "" if raw is None else str(raw).strip()
    code = mapping.get("combo", code)
    if code.casefold() in DEFAULT_COMBOS:
        return None, None
    source, _sep, method = code.partition("-")
    return source, method or None


class _Codes:
    """Mapped codes, and which of them Sinergi does not know (for the dry-run report)."""

    def __init__(self, parsed, mapping):
        self.parsed, self.mapping = parsed, mapping
        self.indicators = {i.code.casefold(): i for i in Indicator.objects.all()}
        self.regions = set()

    def load_regions(self, codes):
        codes = sorted(codes)
        for start in range(0, len(codes), 900):  # under SQLite's limit on parameters
            batch = Region.objects.filter(code__in=codes[start : start + 900])
            self.regions.update(batch.values_list("code", flat=True))

    def indicator(self, raw) -> tuple[str, str, Indicator | None]:
        """The mapped code, the part it names (value, numerator, denominator) and the
        indicator."""
        original = "" if raw is None else str(raw).strip()
        code = self.mapping.get("indicator", original)
        part = "value"
        base, _dot, suffix = code.rpartition(".")
        if base and suffix.casefold() in PARTS:
            code, part = base, suffix.casefold()
        indicator = self.indicators.get(code.casefold())
        if indicator is None and original:
            self.parsed.unmapped["indicator"][original] += 1
        return code, part, indicator

    def region(self, raw) -> str:
        original = "" if raw is None else str(raw).strip()
        code = self.mapping.get("region", original)
        if code not in self.regions and original:
            self.parsed.unmapped["region"][original] += 1
        return code


def read_dhis2(data, mapping=None, max_rows=MAX_ROWS) -> Parsed:
    """The rows of a DHIS2 dataValueSet (text, bytes or the decoded JSON object), of at most
    `max_rows` values (three data values each)."""
    mapping = mapping or Mapping()
    if isinstance(data, bytes | str):
        data = load_json(_text(data))
    _refuse_nul(data)
    if not isinstance(data, dict) or not isinstance(data.get("dataValues"), list):
        raise ExchangeError(_("A DHIS2 data value set is a JSON object with a list dataValues."))
    items = data["dataValues"]
    if not items:
        raise ExchangeError(_("The data value set has no data values."))
    if len(items) > 3 * max_rows:
        raise ExchangeError(
            _("The file has more than %(count)d data values; split it into several files.")
            % {"count": 3 * max_rows}
        )
    parsed = Parsed(fields=DHIS2_FIELDS)
    codes = _Codes(parsed, mapping)
    # Values of the set as a whole, as DHIS2 allows.
    defaults = {key: data.get(key) for key in ("period", "orgUnit", "attributeOptionCombo")}

    def cell(item, key):
        value = item.get(key)
        value = defaults.get(key) if value in (None, "") else value
        return value if value is None or isinstance(value, str | int | float) else str(value)

    items = [item if isinstance(item, dict) else {} for item in items]
    codes.load_regions({mapping.get("region", str(cell(i, "orgUnit") or "")) for i in items})
    groups = {}
    for number, item in enumerate(items, start=1):
        code, part, _indicator = codes.indicator(cell(item, "dataElement"))
        region = codes.region(cell(item, "orgUnit"))
        combo = str(cell(item, "categoryOptionCombo") or "").strip()
        if combo.casefold() not in DEFAULT_COMBOS:
            parsed.problem(
                number,
                "categoryOptionCombo",
                _(
                    "Sinergi keeps no disaggregation: send the total, with the default "
                    "categoryOptionCombo, instead of “%(combo)s”."
                )
                % {"combo": combo},
            )
            continue
        try:
            year, period = parse_period(cell(item, "period"))
        except ValueError as error:
            parsed.problem(number, "period", str(error))
            continue
        source, method = _combo(cell(item, "attributeOptionCombo"), mapping)
        key = (code.casefold(), region, year, period, source, method)
        group = groups.setdefault(key, {"row": number, "indicator": code, "region": region})
        if part in group:
            message = _("Data value %(row)d has the same data element, period and orgUnit.")
            parsed.problem(number, "dataElement", message % {"row": group[part][0]})
            continue
        group[part] = (number, _number(cell(item, "value")))
        comment = item.get("comment")
        if comment not in (None, "") and (part == "value" or group.get("note") is None):
            group["note"] = str(comment)
        group.update(year=year, period=period, source=source, method=method)
    for group in groups.values():
        parsed.rows.append(
            ValueRow(
                indicator=group["indicator"],
                region=group["region"],
                year=group["year"],
                period=group["period"],
                source=group["source"],
                method=group["method"],
                value=group.get("value", (0, None))[1],
                numerator=group.get("numerator", (0, None))[1],
                denominator=group.get("denominator", (0, None))[1],
                note=group.get("note"),
                row=group["row"],
            )
        )
    return parsed


def read_sdmx(data, mapping=None, max_rows=MAX_ROWS) -> Parsed:
    """The rows of an SDMX-CSV file (SDMX 2.1 or 3.0; columns are found by their ids, a
    header "REF_AREA: Reference area" by the part before the colon)."""
    mapping = mapping or Mapping()
    try:
        header, rows = spreadsheets.read_csv(io.BytesIO(_bytes(data)), max_rows)
    except spreadsheets.SpreadsheetError as error:
        raise ExchangeError(error.message) from None
    positions = {}
    for index, text in enumerate(header):
        if text is not None:
            positions.setdefault(str(text).split(":", 1)[0].strip().upper(), index)
    missing = [c for c in ("INDICATOR", "REF_AREA", "TIME_PERIOD") if c not in positions]
    if missing:
        raise ExchangeError(
            _("These columns are missing from the first row: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    if not rows:
        raise ExchangeError(_("The file has no rows to import below the header."))
    parsed = Parsed(fields=SDMX_FIELDS)
    codes = _Codes(parsed, mapping)

    def cell(values, column):
        index = positions.get(column)
        return values[index] if index is not None and index < len(values) else None

    codes.load_regions({mapping.get("region", cell(v, "REF_AREA") or "") for _n, v in rows})
    for number, values in rows:
        code, part, _indicator = codes.indicator(cell(values, "INDICATOR"))
        region = codes.region(cell(values, "REF_AREA"))
        if part != "value":
            message = _(
                "Give the numerator and denominator in the NUMERATOR and DENOMINATOR columns."
            )
            parsed.problem(number, "INDICATOR", message)
            continue
        try:
            year, period = parse_period(cell(values, "TIME_PERIOD"))
        except ValueError as error:
            parsed.problem(number, "TIME_PERIOD", str(error))
            continue
        parsed.rows.append(
            ValueRow(
                indicator=code,
                region=region,
                year=year,
                period=period,
                source=cell(values, "SOURCE"),
                method=cell(values, "METHOD"),
                value=_number(cell(values, "OBS_VALUE")),
                numerator=_number(cell(values, "NUMERATOR")),
                denominator=_number(cell(values, "DENOMINATOR")),
                note=cell(values, "COMMENT"),
                row=number,
            )
        )
    return parsed


def _bytes(data) -> bytes:
    return data.encode() if isinstance(data, str) else bytes(data)


def run(parsed: Parsed, user, within=None, dry_run=False) -> Result:
    """Check the rows of `parsed` as every import of values is checked (`validate_rows`) and,
    when none has a problem, write them all (`apply_rows`); a dry run writes and rolls back,
    so that its counts are those of the real import."""
    clean, problems = validate_rows(parsed.rows, user, within)
    problems = sorted(
        parsed.problems
        + [p._replace(column=parsed.fields.get(p.column, p.column)) for p in problems],
        key=lambda p: p.row,
    )
    if problems:
        return Result(None, problems, parsed.unmapped, dry_run)
    try:
        with transaction.atomic():
            summary = apply_rows(clean, user)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        message = _("The values changed while these were being saved; send them again.")
        return Result(None, [Problem(0, "", message)], parsed.unmapped, dry_run)
    return Result(summary, [], parsed.unmapped, dry_run)


def read(fmt: str, data, mapping=None, max_rows=MAX_ROWS) -> Parsed:
    """The rows of a file of format `fmt` ("dhis2" or "sdmx")."""
    reader = read_dhis2 if fmt == "dhis2" else read_sdmx
    return reader(data, mapping, max_rows)


def detect_format(name: str, data: bytes) -> str:
    """ "dhis2" for JSON, "sdmx" for anything else (CSV)."""
    if str(name).lower().endswith(".json") or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "dhis2"
    return "sdmx"


# Export.

EXPORT_FIELDS = (
    "indicator__code",
    "indicator__aggregation",
    "indicator__default_source",
    "indicator__default_method",
    "indicator__unit",
    "region__code",
    "year",
    "period",
    "source",
    "method",
    "value",
    "numerator",
    "denominator",
    "note",
    "status",
    "updated",
)


def _plain(number) -> str:
    """A Decimal as DHIS2 and SDMX write numbers: a point, no trailing zeros."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def _export_rows(values):
    rows = values.order_by(
        "indicator__code", "region__code", "year", "period", "source", "method"
    ).values_list(*EXPORT_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        yield dict(zip(EXPORT_FIELDS, row, strict=True))


def dhis2_values(values):
    """The data values of a dataValueSet for the DataValue queryset `values`, one by one."""
    for row in _export_rows(values):
        base = {
            "dataElement": row["indicator__code"],
            "period": dhis2_period(row["year"], row["period"]),
            "orgUnit": row["region__code"],
        }
        if (row["source"], row["method"]) != (
            row["indicator__default_source"],
            row["indicator__default_method"],
        ):
            base["attributeOptionCombo"] = f"{row['source']}-{row['method']}"
        extra = {"lastUpdated": row["updated"].isoformat()}
        if row["note"]:
            extra["comment"] = row["note"]
        yield {**base, "value": _plain(row["value"]), **extra}
        if row["indicator__aggregation"] == Indicator.Aggregation.RATIO:
            for part in PARTS:
                code = f"{row['indicator__code']}.{part}"
                yield {**base, "dataElement": code, "value": _plain(row[part])}


def dhis2_lines(values):
    """A dataValueSet JSON document, piece by piece (for a streaming response)."""
    yield '{"dataValues": ['
    separator = "\n"
    for item in dhis2_values(values):
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def sdmx_rows(values):
    for row in _export_rows(values):
        yield [
            DATAFLOW,
            row["indicator__code"],
            row["region__code"],
            row["source"],
            row["method"],
            sdmx_period(row["year"], row["period"]),
            _plain(row["value"]),
            row["indicator__unit"],
            # SDMX observation status: A normal, P provisional (a draft, not yet verified).
            "A" if row["status"] == "terverifikasi" else "P",
            _plain(row["numerator"]),
            _plain(row["denominator"]),
            row["note"],
        ]


def sdmx_lines(values):
    """An SDMX-CSV file, line by line."""
    return spreadsheets.csv_lines(SDMX_HEADER, sdmx_rows(values))
