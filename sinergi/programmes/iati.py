"""Programmes from an IATI activity file: the XML that donors publish about their projects
(https://iatistandard.org, versions 2.01–2.03; docs/iati.md).

Three steps, the same as every import (`sinergi.lib.imports`), with a preview between them:

- `read_activities()` reads the file safely (defusedxml, no DTD at all, so no entity expansion
  and no external entity) into rows, one per `<iati-activity>`, of plain values that can be
  signed into the preview page and read back on confirmation;
- `IatiImporter.check()` turns each row into a programme of the working group, or a reason to
  leave the activity out (not in Indonesia, not water and sanitation, no location in the
  region, ...): a donor's file cannot be corrected by the Pokja, so an activity that does not
  fit is skipped and said so, and never blocks the others;
- `IatiImporter.plan()` compares the records with the register, read-only (the preview);
  `apply()` writes the plan in the import's one transaction (`run_import`).

A programme is recognised by its IATI identifier, so importing the same file again changes
nothing, and an updated file updates the programmes it imported. A programme the group
registered by hand with the same name and start is adopted: it gets the identifier. Kind and
sector are set when a programme is created and kept afterwards (they are Sinergi's
classification, which the secretariat may correct); the donor's facts — title, organisations,
dates, budget, status, contact, locations — follow the file.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib.imports import Importer
from sinergi.monitoring.models import Indicator
from sinergi.programmes.forms import MAX_LOCATIONS
from sinergi.programmes.models import Programme
from sinergi.programmes.programme_io import RowForm
from sinergi.regions import lookup
from sinergi.regions.models import CODE_PATTERN, Region, at_or_below

MAX_ACTIVITIES = 2000
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Narratives are taken in this order of languages: the interface's, then English.
LANGUAGES = ("id", "en")

Sector = Indicator.Sector
# DAC 5-digit purpose codes of group 140, "Water supply and sanitation", and the sector each
# becomes. A code for water and sanitation together counts as water; the secretariat may
# change the sector of the programme afterwards.
DAC_SECTORS = {
    "14010": Sector.INSTITUTIONS,  # water sector policy and administrative management
    "14015": Sector.WATER,  # water resources conservation
    "14020": Sector.WATER,  # water supply and sanitation, large systems
    "14021": Sector.WATER,  # water supply, large systems
    "14022": Sector.SANITATION,  # sanitation, large systems
    "14030": Sector.WATER,  # basic drinking water supply and basic sanitation
    "14031": Sector.WATER,  # basic drinking water supply
    "14032": Sector.SANITATION,  # basic sanitation
    "14040": Sector.WATER,  # river basins development
    "14050": Sector.SOLID_WASTE,  # waste management / disposal
    "14081": Sector.INSTITUTIONS,  # education and training in water supply and sanitation
}
DAC_GROUP = "140"  # the 3-digit code (vocabulary 2) of the whole group
# Sector vocabularies: 1 (or none) is DAC 5-digit, 2 is DAC 3-digit; "DAC"/"DAC-3" in 1.0x.
FIVE_DIGIT, THREE_DIGIT = {"", "1", "DAC"}, {"2", "DAC-3"}

# Activity status codes (1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled,
# 6 suspended). A suspended activity keeps its stored status; a cancelled one is skipped.
STATUSES = {
    "1": Programme.Status.PROPOSED,
    "2": Programme.Status.RUNNING,
    "3": Programme.Status.FINISHED,
    "4": Programme.Status.FINISHED,
}
CANCELLED = "5"
# Activity date types, by number (2.0x) or name (1.0x).
START_PLANNED, START_ACTUAL, END_PLANNED, END_ACTUAL = (
    ("1", "start-planned"),
    ("2", "start-actual"),
    ("3", "end-planned"),
    ("4", "end-actual"),
)
# Participating organisation roles, by number (2.0x) or name (1.0x).
FUNDING, IMPLEMENTING = ("1", "funding"), ("4", "implementing")
# Reporting organisation types of the private sector: their programmes are CSR.
PRIVATE_SECTOR = {"70", "71", "72", "73"}
# Geographic vocabularies whose codes are never Kemendagri codes: GeoNames, OpenStreetMap.
FOREIGN_GAZETTEERS = {"G1", "G2"}
_REGION_CODE = re.compile(CODE_PATTERN)


class IatiError(Exception):
    """A file that cannot be read as IATI activities; `message` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    """Uploads' own limit (UPLOAD_MAX_MB): a donor's country file is larger than a template."""
    return settings.UPLOAD_MAX_MB * 1024 * 1024


# Reading the file.


def read_activities(data: bytes) -> list[dict]:
    """The rows of the activities of an IATI activity file, or IatiError. A row holds only
    strings, lists and dicts, so that it can be signed into a page and read back."""
    try:
        # forbid_dtd: an IATI file has no DTD; refusing any keeps out entity expansion
        # ("billion laughs") and external entities alike, before anything is expanded.
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise IatiError(
            _(
                "The file declares a DTD or entities, which IATI files never do. It was "
                "refused without being read."
            )
        ) from None
    except (ParseError, ValueError, LookupError) as error:
        raise IatiError(
            _("The file is not well-formed XML (%(error)s). Upload the file as published.")
            % {"error": error}
        ) from None
    if root.tag != "iati-activities":
        raise IatiError(
            _(
                "This XML file is not an IATI activity file: its first element is "
                "<%(tag)s>, not <iati-activities>."
            )
            % {"tag": str(root.tag)[:50]}
        )
    activities = root.findall("iati-activity")
    if not activities:
        raise IatiError(_("The file has no <iati-activity>."))
    if len(activities) > MAX_ACTIVITIES:
        raise IatiError(
            _("The file has %(count)d activities; at most %(limit)d are read at once.")
            % {"count": len(activities), "limit": MAX_ACTIVITIES}
        )
    return [_row(number, activity) for number, activity in enumerate(activities, start=1)]


def _text(element) -> str:
    """The text of an element: its narrative in the preferred language, or its first
    narrative, or (IATI 1.0x) its own text."""
    if element is None:
        return ""
    narratives = [n for n in element.findall("narrative") if (n.text or "").strip()]
    for language in LANGUAGES:
        for narrative in narratives:
            if narrative.get(XML_LANG, "").lower() == language:
                return _clean(narrative.text)
    if narratives:
        return _clean(narratives[0].text)
    return _clean(element.text)


def _clean(text) -> str:
    return " ".join(str(text or "").split())


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _names(elements) -> str:
    return "; ".join(dict.fromkeys(name for name in map(_text, elements) if name))


def _row(number, activity) -> dict:
    orgs = activity.findall("participating-org")
    reporting = activity.find("reporting-org")
    dates = {}
    for element in activity.findall("activity-date"):
        dates.setdefault(element.get("type", ""), element.get("iso-date", "")[:10])
    status = activity.find("activity-status")
    contact = activity.find("contact-info")
    return {
        "number": number,
        "iati_identifier": _clean(activity.findtext("iati-identifier"))[:150],
        "name": _text(activity.find("title")),
        "kind": (
            Programme.Kind.CSR
            if reporting is not None and reporting.get("type") in PRIVATE_SECTOR
            else Programme.Kind.DONOR
        ),
        "sector": _sector(activity.findall("sector")),
        "sector_codes": [s.get("code", "") for s in activity.findall("sector")][:10],
        "countries": [c.get("code", "").upper() for c in activity.findall("recipient-country")],
        "starts_on": _first(dates, START_ACTUAL, START_PLANNED),
        "ends_on": _first(dates, END_ACTUAL, END_PLANNED),
        "status": "" if status is None else status.get("code", ""),
        "funder": _names(o for o in orgs if o.get("role", "").lower() in FUNDING)
        or _text(reporting),
        "implementer": _names(o for o in orgs if o.get("role", "").lower() in IMPLEMENTING),
        "budget": _budget(activity),
        "contact": _contact(contact),
        "locations": [_location(element) for element in activity.findall("location")][
            :MAX_LOCATIONS
        ],
    }


def _first(dates, *kinds) -> str:
    for kind in kinds:
        for name in kind:
            if dates.get(name):
                return dates[name]
    return ""


def _sector(elements) -> str:
    """The Sinergi sector of the activity's water and sanitation purpose with the largest
    share, or "" when it has none."""
    best, share = "", Decimal(-1)
    for element in elements:
        vocabulary, code = element.get("vocabulary", ""), element.get("code", "")
        if vocabulary in FIVE_DIGIT:
            sector = DAC_SECTORS.get(code, "")
        elif vocabulary in THREE_DIGIT:
            sector = Sector.WATER if code == DAC_GROUP else ""
        else:
            sector = ""
        percentage = _decimal(element.get("percentage")) or Decimal(100)
        if sector and percentage > share:
            best, share = str(sector), percentage
    return best


def _decimal(text) -> Decimal | None:
    try:
        value = Decimal(_clean(text).replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _budget(activity) -> dict:
    """The activity's budget: the sum of its budgets, a revised budget (type 2) replacing the
    original of the same period, as {"value": "...", "currency": "IDR"}; {} when none, and no
    value when the budgets are in several currencies."""
    default = activity.get("default-currency", "")
    periods = {}
    for budget in activity.findall("budget"):
        value = budget.find("value")
        amount = _decimal(None if value is None else value.text)
        if amount is None:
            continue
        start, end = budget.find("period-start"), budget.find("period-end")
        period = tuple("" if e is None else e.get("iso-date", "") for e in (start, end))
        revised = budget.get("type") == "2"
        currency = (value.get("currency") or default).upper()
        if period not in periods or revised:
            periods[period] = (amount, currency)
    if not periods:
        return {}
    currencies = sorted({currency for _amount, currency in periods.values()})
    if len(currencies) > 1:
        return {"value": "", "currency": ", ".join(currencies)}
    total = sum(amount for amount, _currency in periods.values())
    return {"value": str(total), "currency": currencies[0]}


def _contact(element) -> dict:
    if element is None:
        return {}
    return {
        "name": _text(element.find("person-name")) or _text(element.find("organisation")),
        "email": _clean(element.findtext("email")),
        "phone": _clean(element.findtext("telephone")),
    }


def _location(element) -> dict:
    codes = [
        admin.get("code", "")
        for admin in element.findall("administrative")
        if admin.get("vocabulary", "") not in FOREIGN_GAZETTEERS
        and _REGION_CODE.fullmatch(admin.get("code", ""))
    ]
    return {
        "name": _cut(_text(element.find("name")), lookup.MAX_TEXT),
        "code": codes[-1] if codes else "",
        "point": _clean(element.findtext("point/pos"))[:60],
    }


# Checking and applying.


@dataclass
class Record:
    """An activity that may become a programme of the group."""

    row: int
    identifier: str
    data: dict  # RowForm's cleaned data
    regions: list
    unmatched: list  # texts of the locations not found in the group's region
    notes: list


@dataclass
class Skipped:
    row: int
    identifier: str
    name: str
    reasons: list


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Step:
    """What applying one record does: "add", "update" or "same"."""

    action: str
    record: Record
    programme: Programme | None = None
    changes: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.record.data["name"]

    @property
    def sector(self) -> str:
        return str(Sector(self.record.data["sector"]).label)

    @property
    def period(self) -> str:
        data = self.record.data
        return (
            f"{_display('starts_on', data['starts_on'])} – {_display('ends_on', data['ends_on'])}"
        )

    @property
    def locations(self) -> str:
        return ", ".join(region.name for region in self.record.regions)


# Fields an update takes from the file; an empty value in the file keeps the stored one.
FOLLOWED = ["name", "starts_on", "ends_on", "status", "funder", "implementer", "budget"]
CONTACT = ["contact_name", "contact_email", "contact_phone"]
KEEP_WHEN_EMPTY = {"status", "funder", "implementer", "budget", *CONTACT}


def _label(name) -> str:
    if name == "locations":
        return capfirst(str(Programme._meta.get_field("locations").verbose_name))
    return capfirst(str(Programme._meta.get_field(name).verbose_name))


def _display(name, value) -> str:
    if value in (None, ""):
        return "—"
    if name in ("starts_on", "ends_on"):
        return formats.date_format(value)
    if name == "budget":
        return formats.number_format(value, decimal_pos=0, force_grouping=True)
    if name == "status":
        return str(Programme.Status(value).label)
    return str(value)


class IatiImporter(Importer):
    """The activities of an IATI file as programmes registered by `group`."""

    title = gettext_lazy("Programmes imported from the IATI file.")

    def __init__(self, group):
        super().__init__()
        self.group = group
        self.skipped = []

    # Checks.

    def prepare(self, rows):
        region = self.group.region
        allowed = Region.objects.filter(at_or_below(region.code))
        texts = list(
            dict.fromkeys(
                location["name"]
                for row in rows
                for location in row["locations"]
                if location["name"]
            )
        )
        self.by_name = dict(zip(texts, lookup.find(texts, allowed), strict=True))
        codes = {location["code"] for row in rows for location in row["locations"]}
        self.by_code = allowed.in_bulk(codes - {""}, field_name="code")
        identifiers = {row["iati_identifier"] for row in rows} - {""}
        self.stored = {
            p.iati_identifier: p
            for p in Programme.objects.filter(iati_identifier__in=identifiers)
            .select_related("registered_by")
            .prefetch_related("locations")
        }
        self.seen_ids, self.seen_keys = set(), {}

    def check(self, rows) -> list:
        self.prepare(rows)
        records = []
        for row in rows:
            self.row = row["number"]
            record = self.parse_row(row)
            if record is not None:
                records.append(record)
        return records

    def leave_out(self, row, *reasons):
        """Leave the activity of `row` out of the import, saying why (returns None)."""
        self.skipped.append(
            Skipped(row["number"], row["iati_identifier"], row["name"], [str(r) for r in reasons])
        )

    def parse_row(self, row):
        identifier = row["iati_identifier"]
        if not identifier:
            return self.leave_out(row, _("The activity has no IATI identifier."))
        if identifier in self.seen_ids:
            return self.leave_out(row, _("The file has this activity twice; the first is read."))
        self.seen_ids.add(identifier)
        if "ID" not in row["countries"]:
            countries = ", ".join(row["countries"]) or "—"
            return self.leave_out(
                row,
                _("Not an activity in Indonesia (recipient countries: %(countries)s).")
                % {"countries": countries},
            )
        if not row["sector"]:
            codes = ", ".join(row["sector_codes"]) or "—"
            return self.leave_out(
                row,
                _("Not a water and sanitation activity (DAC sectors: %(codes)s).")
                % {"codes": codes},
            )
        if row["status"] == CANCELLED:
            return self.leave_out(row, _("The activity was cancelled."))
        stored = self.stored.get(identifier)
        if stored is not None and stored.registered_by_id != self.group.pk:
            return self.leave_out(
                row,
                _("%(group)s already registered this activity: it is read-only here.")
                % {"group": stored.registered_by.name},
            )
        regions, unmatched = self._regions(row)
        if not regions:
            return self.leave_out(row, *self._no_location(row, unmatched))
        data, problems, notes = self._clean(row, regions)
        if problems:
            return self.leave_out(row, *problems)
        key = (data["name"], data["starts_on"])
        if key in self.seen_keys:
            return self.leave_out(
                row,
                _("Activity %(row)d of the file has the same title and start.")
                % {"row": self.seen_keys[key]},
            )
        self.seen_keys[key] = row["number"]
        return Record(row["number"], identifier, data, regions, unmatched, notes)

    def _regions(self, row) -> tuple[list, list]:
        regions, unmatched = {}, []
        for location in row["locations"]:
            region, match = self.by_code.get(location["code"]) if location["code"] else None, None
            if region is None and location["name"]:
                match = self.by_name[location["name"]]
                region = match.region
            if region is not None:
                regions[region.pk] = region
            else:
                text = location["name"] or location["code"]
                if match is not None and match.candidates:
                    text = _("%(name)s (%(count)d regions of this name)") % {
                        "name": text,
                        "count": len(match.candidates),
                    }
                if location["point"]:
                    text = f"{text} ({location['point']})" if text else location["point"]
                unmatched.append(text or "—")
        if not row["locations"] and self.group.region.level == Region.Level.NATIONAL:
            # An activity for the whole country: the national Pokja registers it for Indonesia.
            regions[self.group.region.pk] = self.group.region
        return sorted(regions.values(), key=lambda r: r.code), unmatched

    def _no_location(self, row, unmatched) -> list:
        if unmatched:
            return [
                _("None of its locations was found in %(region)s.")
                % {"region": self.group.region.name}
            ]
        return [
            _("It names no location below the country; the national working group may import it.")
        ]

    def _clean(self, row, regions) -> tuple[dict, list, list]:
        """RowForm's cleaned data of the row (the checks of the programme import), the
        problems that leave it out, and notes on what was left behind."""
        notes = []
        contact = row["contact"] or {}
        email = contact.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                notes.append(_("The contact e-mail “%(email)s” is not valid.") % {"email": email})
                email = ""
        budget = row["budget"] or {}
        amount = ""
        if budget.get("currency") == "IDR":
            amount = budget["value"]
        elif budget and not budget["value"]:
            notes.append(
                _("Budgets in several currencies (%(currencies)s) are not imported.")
                % {"currencies": budget["currency"]}
            )
        elif budget:
            notes.append(
                _("Budget of %(amount)s %(currency)s not converted to rupiah: not imported.")
                % {
                    "amount": formats.number_format(
                        Decimal(budget["value"]), decimal_pos=0, force_grouping=True
                    ),
                    "currency": budget["currency"],
                }
            )
        cells = {
            "name": _cut(row["name"], 250),
            "kind": row["kind"],
            "sector": row["sector"],
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
            "locations": ", ".join(region.code for region in regions),
            "status": STATUSES.get(row["status"], ""),
            "funder": _cut(row["funder"], 200),
            "implementer": _cut(row["implementer"], 200),
            "budget": amount,
            "contact_name": _cut(contact.get("name", ""), 150),
            "contact_email": email,
            "contact_phone": contact.get("phone", "")[:30],
        }
        form = RowForm(cells)
        if form.is_valid():
            return form.cleaned_data, [], notes
        problems = [
            f"{_label(name) if name != '__all__' else ''}: {message}".lstrip(": ")
            for name, messages in form.errors.items()
            for message in messages
        ]
        return {}, problems, notes

    # The plan and its writing.

    def plan(self, records) -> list[Step]:
        """What applying `records` does to the register, read-only (the preview)."""
        group = self.group
        names = {record.data["name"] for record in records}
        by_key = {
            (p.name, p.starts_on): p
            for p in Programme.objects.filter(registered_by=group, name__in=names).prefetch_related(
                "locations"
            )
        }
        steps = []
        for record in records:
            data = record.data
            programme = self.stored.get(record.identifier)
            key = (data["name"], data["starts_on"])
            holder = by_key.get(key)
            if programme is None and holder is not None:
                if holder.iati_identifier:
                    self.skipped.append(self._taken(record, holder))
                    continue
                programme = holder  # registered by hand: adopted
            elif holder is not None and holder != programme:
                self.skipped.append(self._taken(record, holder))
                continue
            if programme is None:
                values = {k: data[k] for k in ("name", "kind", "sector", "starts_on", "ends_on")}
                values.update({k: data[k] for k in KEEP_WHEN_EMPTY if data[k] not in (None, "")})
                steps.append(Step("add", record, values=values))
                continue
            steps.append(self._update(record, programme))
        return steps

    def _taken(self, record, holder) -> Skipped:
        return Skipped(
            record.row,
            record.identifier,
            record.data["name"],
            [
                _("Another programme of this working group has the same name and start: %(name)s.")
                % {"name": holder.name}
            ],
        )

    def _update(self, record, programme) -> Step:
        data, values, changes = record.data, {}, []
        if programme.iati_identifier != record.identifier:
            values["iati_identifier"] = record.identifier
            changes.append(Change(_label("iati_identifier"), "—", record.identifier))
        for name in [*FOLLOWED, *CONTACT]:
            new = data[name]
            if new in (None, "") and name in KEEP_WHEN_EMPTY:
                continue
            # A pipeline activity does not take back the Pokja's agreement.
            if name == "status" and new == Programme.Status.PROPOSED:
                continue
            old = getattr(programme, name)
            if old != new:
                values[name] = new
                changes.append(Change(_label(name), _display(name, old), _display(name, new)))
        stored = sorted(programme.locations.all(), key=lambda r: r.code)
        if [r.pk for r in stored] != [r.pk for r in record.regions]:
            changes.append(
                Change(
                    _label("locations"),
                    ", ".join(r.name for r in stored) or "—",
                    ", ".join(r.name for r in record.regions),
                )
            )
        return Step("update" if changes else "same", record, programme, changes, values)

    def apply(self, records):
        summary = self.summary()
        for step in self.plan(records):
            record = step.record
            if step.action == "add":
                programme = Programme.objects.create(
                    registered_by=self.group, iati_identifier=record.identifier, **step.values
                )
                programme.locations.set(record.regions)
                programme.working_groups.add(self.group)
                summary.created += 1
            elif step.action == "update":
                programme = step.programme
                for name, value in step.values.items():
                    setattr(programme, name, value)
                if step.values:
                    programme.save(update_fields=[*step.values, "updated"])
                if {r.pk for r in programme.locations.all()} != {r.pk for r in record.regions}:
                    programme.locations.set(record.regions)
                summary.changed += 1
            else:
                summary.unchanged += 1
        if self.skipped:
            summary.notes.append(
                _("Activities left out: %(count)d.") % {"count": len(self.skipped)}
            )
        return summary


@dataclass
class Preview:
    steps: list
    skipped: list

    @property
    def added(self):
        return [s for s in self.steps if s.action == "add"]

    @property
    def updated(self):
        return [s for s in self.steps if s.action == "update"]

    @property
    def unchanged(self):
        return [s for s in self.steps if s.action == "same"]

    @property
    def unmatched(self):
        """(step, location texts) of the activities imported with locations left out."""
        return [(s, s.record.unmatched) for s in self.steps if s.record.unmatched]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.updated)


def preview(group, rows) -> Preview:
    """What importing `rows` would do for `group`, without writing anything."""
    importer = IatiImporter(group)
    records = importer.check(rows)
    steps = importer.plan(records)
    return Preview(steps, sorted(importer.skipped, key=lambda s: s.row))
