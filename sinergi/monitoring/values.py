"""The one path by which indicator values and targets are checked and written.

The data-entry grid, the XLSX/CSV upload and the API hand `ValueRow`s to `write_values` (or to
`validate_rows`, then `apply_rows`): every row is checked before anything is written, and the
rows are written in one transaction, or none of them.

A row names its indicator and region by code, and its period, source and method by code or by
label (Indonesian or English, in any case); an empty period is the whole year, an empty source
or method is the indicator's default. Numbers are numbers (JSON, number cells) or text typed the
Indonesian way, as everywhere (`sinergi.lib.fields.parse_number`: 12.500 is twelve thousand
five hundred, 12,5 twelve and a half, and 12.5 is refused as ambiguous). A ratio indicator
takes a numerator and a denominator and computes its value; a sum indicator takes a value.

Writing only touches what differs, so the same rows written twice change nothing. A new value
is a draft, and a draft changes in place. A verified value keeps its verified figures (public,
and in every roll-up) when a row changes them: the new figures and note wait beside them as a
proposed change (`DataValue.revised_*`) until another person verifies it (`verify_values`),
which makes them the value's figures; the history keeps both. A row equal to the pending
change changes nothing; a row equal to the verified figures withdraws the pending change.

Everything is written in bulk, a few statements per 500 rows (a 20,000-row file in about a
second): new values (their author and time are on the row), changed values and proposed
changes, and for each change the django-auditlog entry a save would have written (who, when,
old and new figures), so the history of a value (`lib/history.py`) is the same whichever way
it was written.

A row may say which figures its writer saw (`ValueRow.expected`, as `seen_figures` gives them):
it is then written only while the stored value still has them, and is otherwise refused
(`Summary.refused`), so a page opened before a colleague's save never writes its old numbers
back over the new ones.
"""

import contextlib
import datetime
import functools
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import NamedTuple

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, auditlog_value, set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.lib.bulk import insert_rows, one_of, update_rows
from sinergi.lib.fields import format_number, parse_number
from sinergi.monitoring.models import (
    DataValue,
    Indicator,
    IndicatorYear,
    Method,
    Period,
    Source,
    Target,
)
from sinergi.monitoring.rollups import base_level
from sinergi.pokja.access import (
    can_edit_region,
    can_verify_region,
    can_verify_value,
    verifiable_values_filter,
    visible_values_filter,
)
from sinergi.regions.models import Region, at_or_below, below

FIRST_YEAR = 2000
# DataValue and Target store 20 digits, 4 of them after the point.
LIMIT = Decimal(10) ** 16
FOUR_PLACES = Decimal("0.0001")
# Keeps `region__in` lists under SQLite's limit on query parameters.
REGION_BATCH = 900


class ValueRow(NamedTuple):
    """One value as written by a person or a client: codes, labels and numbers as typed."""

    indicator: object
    region: object
    year: object
    period: object = None
    source: object = None
    method: object = None
    value: object = None
    numerator: object = None
    denominator: object = None
    note: object = None  # None keeps the stored note
    row: int = 0  # the number problems name; 0 numbers the rows 1, 2, 3…
    # The figures the writer saw (`seen_figures`), () when there was no value; None writes
    # without checking.
    expected: tuple | None = None


class Problem(NamedTuple):
    row: int
    column: str  # the ValueRow field ("" for the whole row)
    message: str


@dataclass
class CleanRow:
    row: int
    indicator: Indicator
    region: Region
    year: int
    period: str
    source: str
    method: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    note: str | None
    expected: tuple | None = None

    @property
    def key(self) -> tuple:
        return (
            self.indicator.pk,
            self.region.pk,
            self.year,
            self.period,
            self.source,
            self.method,
        )


@dataclass
class Summary:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    revised: int = 0  # verified values whose change now awaits verification
    # (row number, stored value) of the rows not written because the stored value no longer
    # has the figures they expected.
    refused: list = field(default_factory=list)

    def __str__(self):
        counts = {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "revised": self.revised,
        }
        text = (
            _("Values saved. Created: %(created)d, changed: %(changed)d, unchanged: %(unchanged)d.")
            % counts
        )
        if self.revised:
            text += " " + self.revised_text()
        return text

    def revised_text(self) -> str:
        return _(
            "%(revised)d verified values changed: the changes await verification by another "
            "person, and the verified figures stay published until then."
        ) % {"revised": self.revised}


def _fold(text) -> str:
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


def parse_choice(choices, raw, default=""):
    """The code of a choice written as its code or label; `default` when empty; raises
    ValueError with a message for the user when unknown."""
    if raw is None or str(raw).strip() == "":
        return default
    value = _choice_lookup(choices).get(_fold(raw))
    if value is None:
        raise ValueError(_("“%(text)s” is not one of the allowed values.") % {"text": raw})
    return value


def parse_decimal(raw) -> Decimal | None:
    """A number from a cell, a form or JSON, with at most 4 decimals (`parse_number`); None
    when empty. Raises ValueError with a message for the user."""
    if type(raw) is str and len(raw) < 17 and raw.isascii() and raw.isdigit():
        # Digits alone (most figures of an import): the number parse_number gives, sooner.
        return Decimal(raw).quantize(FOUR_PLACES)
    try:
        number = parse_number(raw, places=4)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    if number is not None and abs(number) >= LIMIT:
        raise ValueError(_("This number is too large."))
    return number


def plain_number(number) -> str:
    """A stored number as it is typed back: no thousands separators, no trailing zeros, a
    decimal comma and never exactly three decimals ("12,3450"), which would read as
    thousands. `format_number(places=4, grouping=False)`, four times faster on the Decimals
    the database gives (an export writes a million of them)."""
    if type(number) is Decimal:
        text = str(number)
        # Not in plain notation (1E+3), or minus zero: the general formatter.
        if "E" not in text and not text.startswith("-0"):
            whole, point, decimals = text.partition(".")
            decimals = decimals.rstrip("0")
            if not decimals:
                return whole
            if len(decimals) == 3:
                decimals += "0"
            if len(decimals) <= 4:
                return f"{whole},{decimals}"
    return format_number(number, places=4, grouping=False)


def parse_year(raw, last=None) -> int:
    """A year between 2000 and next year (`last`, when the caller knows it); raises
    ValueError with a message for the user."""
    year = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float | Decimal) and raw == int(raw):
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    last = last or timezone.localdate().year + 1
    if year is None or not FIRST_YEAR <= year <= last:
        raise ValueError(
            _("Write a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": last}
        )
    return year


def _code(raw) -> str:
    if isinstance(raw, float):
        # 32.10 typed into a number cell comes back as 32.1.
        raise ValueError(_("Write the code as text (for example 32.04), not as a number."))
    return "" if raw is None else str(raw).strip()


def validate_rows(rows, user, within=None) -> tuple[list[CleanRow], list[Problem]]:
    """Check every row against the catalogue, the regions `user` may edit (and that lie in
    `within`, when given) and each other, with a few queries whatever the number of rows.

    Returns the clean rows and the problems; write the clean rows only when there is none."""
    rows = list(rows)
    checker = _Checker(rows, user, within)
    clean, problems, seen = [], [], {}
    for index, row in enumerate(rows, start=1):
        number = row.row or index
        result = checker.check(number, row)
        problems += checker.problems
        if result is None:
            continue
        first = seen.setdefault(result.key, number)
        if first != number:
            message = _(
                "Row %(row)d has the same indicator, region, year, period, source and method."
            ) % {"row": first}
            problems.append(Problem(number, "indicator", message))
            continue
        clean.append(result)
    return clean, problems


class _Checker:
    def __init__(self, rows, user, within):
        self.user = user
        self.within = within
        self.indicators = {i.code.casefold(): i for i in Indicator.objects.all()}
        codes = set()
        for row in rows:
            with contextlib.suppress(ValueError):
                codes.add(_code(row.region))
        codes.discard("")
        if connection.vendor == "postgresql":
            found = Region.objects.filter(one_of(Region, "code", codes))
            self.regions = {region.code: region for region in found}
        else:
            # in_bulk keeps within SQLite's limit on parameters.
            self.regions = Region.objects.in_bulk(list(codes), field_name="code")
        self.editable = {}
        self.last_year = timezone.localdate().year + 1

    def problem(self, column, message):
        self.problems.append(Problem(self.number, column, message))

    def check(self, number, row) -> CleanRow | None:
        self.number, self.problems = number, []
        indicator = self._indicator(row.indicator)
        region = self._region(row.region)
        year = self._parse("year", parse_year, row.year, self.last_year)
        period = self._parse("period", parse_choice, Period, row.period, Period.YEAR)
        default_source = indicator.default_source if indicator else ""
        default_method = indicator.default_method if indicator else ""
        source = self._parse("source", parse_choice, Source, row.source, default_source)
        method = self._parse("method", parse_choice, Method, row.method, default_method)
        figures = {
            name: self._parse(name, parse_decimal, getattr(row, name))
            for name in ("value", "numerator", "denominator")
        }
        note = None if row.note is None else " ".join(str(row.note).split())
        if note is not None and len(note) > 300:
            self.problem("note", _("A note has at most 300 characters."))
        if indicator is None or self.problems:
            return None
        value = self._value(indicator, **figures)
        if value is None or region is None or self.problems:
            return None
        return CleanRow(
            number,
            indicator,
            region,
            year,
            period,
            source,
            method,
            value,
            figures["numerator"] if indicator.is_ratio else None,
            figures["denominator"] if indicator.is_ratio else None,
            note,
            None if row.expected is None else tuple(row.expected),
        )

    def _parse(self, column, parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            self.problem(column, str(error))
            return None

    def _indicator(self, raw):
        code = "" if raw is None else str(raw).strip()
        indicator = self.indicators.get(code.casefold())
        if indicator is None:
            if code:
                message = _("“%(code)s” is not an indicator code.") % {"code": code}
            else:
                message = _("The indicator code is missing.")
            self.problem("indicator", message)
        return indicator

    def _region(self, raw):
        code = self._parse("region", _code, raw)
        if code is None:
            return None
        region = self.regions.get(code)
        if region is None:
            if code:
                message = _("“%(code)s” is not a region code.") % {"code": code}
            else:
                message = _("The region code is missing.")
            self.problem("region", message)
            return None
        if region.level == Region.Level.DISTRICT:
            # No roll-up reads a kecamatan and no one can verify it: it would stay a draft forever.
            message = _(
                "%(region)s is a kecamatan: values are entered for the nation, provinces, "
                "kabupaten/kota and desa/kelurahan."
            ) % {"region": region.name}
            self.problem("region", message)
            return None
        if self.within is not None and not self.within.contains(region):
            message = _("%(region)s is not part of %(within)s.")
            self.problem("region", message % {"region": region.name, "within": self.within.name})
            return None
        if region.pk not in self.editable:
            self.editable[region.pk] = can_edit_region(self.user, region)
        if not self.editable[region.pk]:
            message = _("You may not enter data for %(region)s.") % {"region": region.name}
            self.problem("region", message)
            return None
        return region

    def _value(self, indicator, value, numerator, denominator) -> Decimal | None:
        if not indicator.is_ratio:
            if numerator is not None or denominator is not None:
                self.problem(
                    "numerator",
                    _("This indicator takes a value only, without numerator and denominator."),
                )
            if value is None:
                self.problem("value", _("The value is missing."))
            elif value < 0:
                self.problem("value", _("The value cannot be negative."))
            return value
        if numerator is None:
            self.problem("numerator", _("The numerator is missing."))
        if denominator is None:
            self.problem("denominator", _("The denominator is missing."))
        elif denominator <= 0:
            self.problem("denominator", _("The denominator must be more than zero."))
        if self.problems:
            return None
        if numerator < 0 or numerator > denominator:
            self.problem("numerator", _("The numerator must be between zero and the denominator."))
            return None
        computed = indicator.ratio(numerator, denominator)
        if value is not None and value.quantize(Decimal("0.01")) != computed:
            message = _(
                "The value of this indicator is computed from its numerator and denominator "
                "(%(value)s); leave it empty."
            ) % {"value": computed}
            self.problem("value", message)
            return None
        return computed


@contextlib.contextmanager
def _acting(user):
    """Log entries name `user`, also where no request names one (API tokens, commands)."""
    if not getattr(user, "is_authenticated", False):
        yield
        return
    context = auditlog_value.get({})
    # set_actor leaves its context behind when it ends: put back the one it replaced.
    token = auditlog_value.set(context)
    try:
        with set_actor(user, context.get("remote_addr"), context.get("remote_port")):
            yield
    finally:
        auditlog_value.reset(token)


def _stored_values(rows, lock=False) -> dict:
    """The stored values with the keys of `rows`, by key: one query per batch of regions;
    with `lock`, locked until the transaction ends."""
    indicators = {row.indicator.pk for row in rows}
    years = {row.year for row in rows}
    region_ids = sorted({row.region.pk for row in rows})
    stored = {}
    # One query on PostgreSQL (no limit on parameters), batches of regions on SQLite.
    batch = REGION_BATCH if connection.features.max_query_params else len(region_ids) or 1
    for start in range(0, len(region_ids), batch):
        values = DataValue.objects.filter(
            one_of(DataValue, "region", region_ids[start : start + batch]),
            indicator__in=indicators,
            year__in=years,
        ).order_by("pk")
        # Not read, and reading times is dear: 20,000 rows take 0.2 s a column.
        values = values.defer("created", "updated")
        if lock:
            values = values.select_for_update()
        for value in values:
            key = (
                value.indicator_id,
                value.region_id,
                value.year,
                value.period,
                value.source,
                value.method,
            )
            stored[key] = value
    return stored


FIGURES = ("value", "numerator", "denominator")


def seen_figures(value: DataValue | None) -> tuple:
    """The figures of a stored value as a page shows them to edit or verify (`plain_number`),
    in the order of FIGURES: those of its pending change when it has one, else its own; ()
    for no value. What `ValueRow.expected` and `verify_values` compare with."""
    if value is None:
        return ()
    if value.has_revision:
        return tuple(plain_number(getattr(value, f"revised_{name}")) for name in FIGURES)
    return verified_figures(value)


def verified_figures(value: DataValue) -> tuple:
    """The stored figures of a value (`plain_number`, by FIGURES), without its pending change:
    those that are published once it is verified."""
    return tuple(plain_number(getattr(value, name)) for name in FIGURES)


# What a change of a stored value writes; django-auditlog logs each of them but `updated`.
WRITTEN = (*FIGURES, "note", "entered_by", "status", "verified_by", "verified", "updated")
# A pending change of a verified value (`DataValue.revised_*`), and what proposing or
# withdrawing one writes.
REVISION = (
    "revised_value",
    "revised_numerator",
    "revised_denominator",
    "revised_note",
    "revised_by",
    "revised_at",
)
PROPOSED = (*REVISION, "updated")
# What verifying a pending change writes.
ACCEPTED = (*FIGURES, "note", "entered_by", "verified_by", "verified", *REVISION, "updated")
# What a new value writes (`created` and `updated` are set here: no auto_now in bulk).
INSERTED = (
    "indicator",
    "region",
    "year",
    "period",
    "source",
    "method",
    *FIGURES,
    "note",
    "status",
    "entered_by",
    "created",
    "updated",
)
# The columns of a django-auditlog entry that `apply_rows` writes (the others are empty).
HISTORY = (
    "content_type",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "changes_text",
    "actor",
    "actor_email",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
)


ATTNAMES = {
    "entered_by": "entered_by_id",
    "verified_by": "verified_by_id",
    "revised_by": "revised_by_id",
} | {
    name: name
    for name in (*FIGURES, "note", "status", "verified", *REVISION)
    if name != "revised_by"
}


def apply_rows(rows: list[CleanRow], user) -> Summary:
    """Write the rows of `validate_rows` in one transaction, in bulk (`lib/bulk.py`): new
    values, changed values and the history of each change (the django-auditlog entry a save
    would have written: who, when, old and new); the others are left alone. A changed verified
    value keeps its figures and gets the row's as its pending change (`_propose`). A row
    whose `expected` figures are no longer stored (`seen_figures`) is refused. The number of
    queries grows only with batches of rows (900 regions; 5,000 rows on PostgreSQL, some 60
    on SQLite)."""
    summary = Summary()
    with transaction.atomic(), _acting(user):
        # Locked, so that of two saves at once the second sees the first one's figures.
        stored = _stored_values(rows, lock=any(row.expected is not None for row in rows))
        now = timezone.now()
        user_id = user.pk if getattr(user, "is_authenticated", False) else None
        new, changed, proposed, history = [], [], [], []
        for row in rows:
            value = stored.get(row.key)
            if value is None:
                # Also when the writer saw a value: only an administrator removes one, and the
                # writer's figures are then the newest anyone chose.
                new.append(
                    (
                        row.indicator.pk,
                        row.region.pk,
                        row.year,
                        row.period,
                        row.source,
                        row.method,
                        row.value,
                        row.numerator,
                        row.denominator,
                        row.note or "",
                        DataValue.Status.DRAFT,
                        user_id,
                        now,
                        now,
                    )
                )
                continue
            if value.is_verified:
                revision = _revision(value, row, user_id, now)
                if revision is None:
                    summary.unchanged += 1
                elif row.expected is not None and seen_figures(value) != row.expected:
                    summary.refused.append((row.row, value))
                else:
                    before = _logged(value, REVISION)
                    for name, new_value in zip(REVISION, revision, strict=True):
                        setattr(value, ATTNAMES[name], new_value)
                    summary.revised += value.has_revision
                    proposed.append((value.pk, *revision, now))
                    history.append(_change(value, row, REVISION, before))
                continue
            fields = [name for name in FIGURES if getattr(value, name) != getattr(row, name)]
            if row.note is not None and value.note != row.note:
                fields.append("note")
            if not fields:
                summary.unchanged += 1
                continue
            if row.expected is not None and seen_figures(value) != row.expected:
                summary.refused.append((row.row, value))
                continue
            logged = fields + ["entered_by"]
            before = _logged(value, logged)
            for name in fields:
                setattr(value, name, getattr(row, name))
            value.entered_by_id = user_id
            changed.append(
                (
                    value.pk,
                    *(getattr(value, name) for name in FIGURES),
                    value.note,
                    user_id,
                    value.status,
                    value.verified_by_id,
                    value.verified,
                    now,
                )
            )
            history.append(_change(value, row, logged, before))
        insert_rows(DataValue, INSERTED, new)
        update_rows(DataValue, WRITTEN, changed)
        update_rows(DataValue, PROPOSED, proposed)
        if not auditlog_disabled.get():
            insert_rows(LogEntry, HISTORY, _history_rows(history, now))
    summary.created, summary.changed = len(new), len(changed) + len(proposed)
    return summary


def _revision(value, row, user_id, now) -> tuple | None:
    """The pending change (by REVISION) of the verified `value` once `row` is written: the
    row's figures and note, by `user_id` at `now`; all empty when they are the verified ones
    (the pending change is withdrawn); None when nothing changes."""
    verified = (value.value, value.numerator, value.denominator, value.note)
    pending = None
    if value.has_revision:
        note = value.note if value.revised_note is None else value.revised_note
        pending = (value.revised_value, value.revised_numerator, value.revised_denominator, note)
    # A row without a note keeps the note of what it changes.
    note = row.note if row.note is not None else (pending or verified)[3]
    wanted = (row.value, row.numerator, row.denominator, note)
    if wanted == (pending or verified):
        return None
    if wanted == verified:
        return (None,) * len(REVISION)
    return (*wanted, user_id, now)


def _change(value, named, logged, before) -> tuple:
    """(pk, repr, {field: [old, new]}) of the fields `logged` of `value`, that had the texts
    `before` (`_logged`), for `_history_rows`; `named` (its row, or itself) has its indicator,
    region and year."""
    after = _logged(value, logged)
    return (
        value.pk,
        # str(value), without fetching its indicator and region again.
        f"{named.indicator.code} {named.region.code} {named.year}",
        {
            name: [old, new]
            for name, old, new in zip(logged, before, after, strict=True)
            if old != new
        },
    )


def _logged(value, names) -> list[str]:
    """The fields `names` of `value` as django-auditlog writes them in its entries
    (`auditlog.diff.get_field_value`, then text): a foreign key as its id, a time in UTC
    without its offset. Ten times faster than calling it, and the tests compare the two."""
    texts = []
    for name in names:
        raw = getattr(value, ATTNAMES[name])
        if isinstance(raw, datetime.datetime) and raw.tzinfo is not None:
            raw = raw.astimezone(datetime.UTC).replace(tzinfo=None)
        texts.append(str(raw))
    return texts


def _history_rows(changes, now) -> list[tuple]:
    """The django-auditlog entries (HISTORY) of the changes [(pk, repr, {field: [old, new]})],
    as a save would have written them: actor, address and correlation id of the context."""
    context = auditlog_value.get({})
    actor = context.get("actor")
    actor_id = getattr(actor, "pk", None)
    email = getattr(actor, "email", None)
    content_type = ContentType.objects.get_for_model(DataValue).pk
    cid = get_cid()
    address, port = context.get("remote_addr"), context.get("remote_port")
    return [
        (
            content_type,
            str(pk),
            pk,
            text,
            LogEntry.Action.UPDATE,
            diff,
            "",
            actor_id,
            email,
            cid,
            address,
            port,
            now,
        )
        for pk, text, diff in changes
    ]


def write_values(rows, user, within=None) -> tuple[Summary | None, list[Problem]]:
    """Check `rows` and write them all, or, when any has a problem, none: the summary and no
    problems, or None and the problems of every row."""
    clean, problems = validate_rows(rows, user, within)
    if problems:
        return None, problems
    try:
        return apply_rows(clean, user), []
    except IntegrityError:
        # Someone else wrote one of these values between the check and the writes.
        message = _("The values changed while these were being saved; send them again.")
        return None, [Problem(0, "", message)]


@dataclass
class Selection:
    """Values of some indicators for a region and the regions at its base level below it (the
    kabupaten/kota of the nation or a province, the desa/kelurahan of a kabupaten/kota), for
    one year and period, each indicator with its default method and the chosen source or
    its default one."""

    region: Region
    indicators: list[Indicator]
    year: int
    period: str = Period.YEAR
    source: str = ""

    def source_for(self, indicator) -> str:
        return self.source or indicator.default_source

    def regions(self):
        """The region first, then the regions at the base level below it, in code order."""
        base = Q(below(self.region.code), level=base_level(self.region))
        return Region.objects.filter(Q(pk=self.region.pk) | base).order_by("level", "code")

    def values(self, regions=None):
        """The stored values of the selection (of `regions` only, when given)."""
        if not self.indicators:
            return DataValue.objects.none()
        condition = Q()
        for indicator in self.indicators:
            condition |= Q(
                indicator=indicator.pk,
                source=self.source_for(indicator),
                method=indicator.default_method,
            )
        return DataValue.objects.filter(
            condition,
            year=self.year,
            period=self.period,
            region__in=self.regions() if regions is None else regions,
        )


def values_at_every_level(selection: Selection):
    """The values of `selection` of its region and of every region below it, at every level
    (provinces, kabupaten/kota, desa/kelurahan), not only at the grid's base level."""
    return selection.values(Region.objects.filter(at_or_below(selection.region.code)))


def drafts_to_verify(selection: Selection):
    """What awaits verification in `selection` at every level (`values_at_every_level`): the
    drafts, and the verified values with a pending change."""
    return values_at_every_level(selection).filter(
        Q(status=DataValue.Status.DRAFT) | Q(revised_at__isnull=False)
    )


def verify_values(selection: Selection, user, seen=None, since=None) -> tuple[int, list[DataValue]]:
    """Verify what awaits verification in `selection` (`drafts_to_verify`) as `user`: how
    many, and the drafts and changes left alone that `user` should know of.

    A draft becomes verified; a pending change of a verified value becomes its figures and
    note (`_accept`), its proposer their author, and the history records the change. Only
    what `user` may verify is verified (`access.can_verify_value`: never one's own entry or
    change, unless the installation allows it). With `seen` (the `seen_figures` of each listed
    value by id, as the verifier saw them), only the listed values that still have those
    figures are verified; the others, and the values changed or entered since `since` (when
    the list was made), are returned, with their region, indicator and author. The verifier
    and the time are kept on each value."""
    if not can_verify_region(user, selection.region):
        raise PermissionDenied
    now = timezone.now()
    changes = {
        "status": DataValue.Status.VERIFIED,
        "verified_by": user,
        "verified": now,
        "updated": now,
    }
    waiting = drafts_to_verify(selection)
    with transaction.atomic(), _acting(user):
        if seen is None:
            waiting = waiting.filter(verifiable_values_filter(user))
            count = waiting.filter(revised_at__isnull=True).update(**changes)
            revised = (
                waiting.filter(revised_at__isnull=False)
                .select_related("region", "indicator")
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            return count + _accept(list(revised), user, now), []
        listed = Q(pk__in=list(seen))
        if since is not None:
            listed |= Q(updated__gte=since)
        waiting = (
            waiting.filter(listed)
            .select_related("region", "indicator", "entered_by", "revised_by")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        drafts, revised, left = [], [], []
        for value in waiting:
            if seen.get(value.pk) == seen_figures(value) and can_verify_value(user, value):
                if value.has_revision:
                    revised.append(value)
                else:
                    drafts.append(value.pk)
            elif value.pk in seen or since is None or value.updated >= since:
                left.append(value)
        count = 0
        for start in range(0, len(drafts), REGION_BATCH):
            batch = drafts[start : start + REGION_BATCH]
            count += DataValue.objects.filter(pk__in=batch).update(**changes)
        count += _accept(revised, user, now)
    return count, left


def _accept(values, user, now) -> int:
    """Make the pending change of each of the verified `values` (with their indicator and
    region) their figures and note, verified by `user` at `now`, with its author as theirs
    and the history of the change (old and new figures): how many."""
    logged = [*FIGURES, "note", "entered_by", "verified_by", "verified", *REVISION]
    rows, history = [], []
    for value in values:
        before = _logged(value, logged)
        for name in FIGURES:
            setattr(value, name, getattr(value, f"revised_{name}"))
        if value.revised_note is not None:
            value.note = value.revised_note
        value.entered_by_id = value.revised_by_id
        value.verified_by_id, value.verified = user.pk, now
        for name in REVISION:
            setattr(value, ATTNAMES[name], None)
        rows.append((value.pk, *(getattr(value, ATTNAMES[name]) for name in ACCEPTED[:-1]), now))
        history.append(_change(value, value, logged, before))
    update_rows(DataValue, ACCEPTED, rows)
    if not auditlog_disabled.get():
        insert_rows(LogEntry, HISTORY, _history_rows(history, now))
    return len(rows)


def years_with_data(indicators, include_drafts: bool) -> dict[int, list[int]]:
    """{indicator id: [years with yearly values anywhere]}: with `include_drafts` every value
    counts, else only the published ones (`access.PUBLISHED_VALUES`). One query on the
    counts of `IndicatorYear`, whatever the number of values."""
    counts = IndicatorYear.objects.filter(
        indicator__in=[i.pk for i in indicators], period=Period.YEAR
    )
    if include_drafts:
        counts = counts.filter(total_count__gt=0)
    else:
        counts = counts.filter(verified_count__gt=0, indicator__is_public=True)
    years: dict[int, list[int]] = {}
    for indicator_id, year in counts.values_list("indicator", "year").order_by("indicator", "year"):
        years.setdefault(indicator_id, []).append(year)
    return years


def visible_values(user):
    """The values `user` may read (the rule is `access.visible_values_filter`)."""
    return DataValue.objects.filter(visible_values_filter(user))


class TargetRow(NamedTuple):
    indicator: Indicator
    year: int
    value: object  # as typed; empty removes the target
    row: int = 0


@dataclass
class TargetSummary:
    created: int = 0
    changed: int = 0
    removed: int = 0

    def __str__(self):
        return _(
            "Targets saved. Created: %(created)d, changed: %(changed)d, removed: %(removed)d."
        ) % asdict(self)


def write_targets(region, rows, user, basis="") -> tuple[TargetSummary | None, list[Problem]]:
    """Set the targets of `region` for the (indicator, year) of each row in one transaction,
    or, when any row has a problem, none. An empty value removes the target; `basis` is
    written on the targets that are created or changed."""
    if not can_edit_region(user, region):
        raise PermissionDenied
    rows = list(rows)
    problems, parsed = [], []
    for index, row in enumerate(rows, start=1):
        number = row.row or index
        try:
            value = parse_decimal(row.value)
        except ValueError as error:
            problems.append(Problem(number, "value", str(error)))
            continue
        if value is not None and value < 0:
            problems.append(Problem(number, "value", _("A target cannot be negative.")))
        elif value is not None and row.indicator.is_ratio and value > row.indicator.scale:
            message = _("A target of this indicator is at most %(scale)d.")
            problems.append(Problem(number, "value", message % {"scale": row.indicator.scale}))
        else:
            parsed.append((row, value))
    if problems:
        return None, problems
    summary = TargetSummary()
    basis = " ".join(basis.split())[:200]
    with transaction.atomic(), _acting(user):
        stored = {
            (target.indicator_id, target.year): target
            for target in Target.objects.filter(
                region=region,
                indicator__in={row.indicator.pk for row, _value in parsed},
                year__in={row.year for row, _value in parsed},
            )
        }
        for row, value in parsed:
            target = stored.get((row.indicator.pk, row.year))
            if target is None and value is not None:
                Target.objects.create(
                    indicator=row.indicator, region=region, year=row.year, value=value, basis=basis
                )
                summary.created += 1
            elif target is not None and value is None:
                target.delete()
                summary.removed += 1
            elif target is not None and target.value != value:
                target.value = value
                target.basis = basis or target.basis
                target.save(update_fields=["value", "basis"])
                summary.changed += 1
    return summary, []
