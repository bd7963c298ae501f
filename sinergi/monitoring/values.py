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
is a draft; a verified value that changes goes back to draft, and django-auditlog keeps what it
was, because changed rows are saved one by one (they are few) while new rows are inserted in
bulk (their author and time are on the row).

A row may say which figures its writer saw (`ValueRow.expected`, as `seen_figures` gives them):
it is then written only while the stored value still has them, and is otherwise refused
(`Summary.refused`), so a page opened before a colleague's save never writes its old numbers
back over the new ones.
"""

import contextlib
import functools
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import NamedTuple

from auditlog.context import auditlog_value, set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.lib.fields import format_number, parse_number
from sinergi.monitoring.models import DataValue, Indicator, Method, Period, Source, Target
from sinergi.monitoring.rollups import base_level
from sinergi.pokja.access import can_edit_region, visible_values_filter
from sinergi.regions.models import Region, below

FIRST_YEAR = 2000
# DataValue and Target store 20 digits, 4 of them after the point.
LIMIT = Decimal(10) ** 16
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
    unverified: int = 0  # verified values that changed and are drafts again
    # (row number, stored value) of the rows not written because the stored value no longer
    # has the figures they expected.
    refused: list = field(default_factory=list)

    def __str__(self):
        counts = {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "unverified": self.unverified,
        }
        text = (
            _("Values saved. Created: %(created)d, changed: %(changed)d, unchanged: %(unchanged)d.")
            % counts
        )
        if self.unverified:
            text += (
                " " + _("%(unverified)d verified values changed and need verifying again.") % counts
            )
        return text


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
    thousands."""
    return format_number(number, places=4, grouping=False)


def parse_year(raw) -> int:
    """A year between 2000 and next year; raises ValueError with a message for the user."""
    year = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float | Decimal) and raw == int(raw):
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    last = timezone.localdate().year + 1
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
        self.regions = Region.objects.in_bulk(list(codes), field_name="code")
        self.editable = {}

    def problem(self, column, message):
        self.problems.append(Problem(self.number, column, message))

    def check(self, number, row) -> CleanRow | None:
        self.number, self.problems = number, []
        indicator = self._indicator(row.indicator)
        region = self._region(row.region)
        year = self._parse("year", parse_year, row.year)
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
    for start in range(0, len(region_ids), REGION_BATCH):
        values = DataValue.objects.filter(
            indicator__in=indicators,
            year__in=years,
            region__in=region_ids[start : start + REGION_BATCH],
        ).order_by("pk")
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
    """The figures of a stored value as a page shows them (`plain_number`), in the order of
    FIGURES; () for no value. What `ValueRow.expected` compares with."""
    if value is None:
        return ()
    return tuple(plain_number(getattr(value, name)) for name in FIGURES)


def apply_rows(rows: list[CleanRow], user) -> Summary:
    """Write the rows of `validate_rows` in one transaction: new values in bulk, changed
    values one by one (so their history is kept), the others left alone; a row whose
    `expected` figures are no longer stored is refused."""
    summary = Summary()
    with transaction.atomic(), _acting(user):
        # Locked, so that of two saves at once the second sees the first one's figures.
        stored = _stored_values(rows, lock=any(row.expected is not None for row in rows))
        new, changed = [], []
        for row in rows:
            value = stored.get(row.key)
            if value is None:
                # Also when the writer saw a value: only an administrator removes one, and the
                # writer's figures are then the newest anyone chose.
                new.append(
                    DataValue(
                        indicator=row.indicator,
                        region=row.region,
                        year=row.year,
                        period=row.period,
                        source=row.source,
                        method=row.method,
                        value=row.value,
                        numerator=row.numerator,
                        denominator=row.denominator,
                        note=row.note or "",
                        entered_by=user,
                    )
                )
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
            for name in fields:
                setattr(value, name, getattr(row, name))
            value.entered_by = user
            fields += ["entered_by", "updated"]
            if value.is_verified:
                value.status = DataValue.Status.DRAFT
                value.verified_by, value.verified = None, None
                fields += ["status", "verified_by", "verified"]
                summary.unverified += 1
            changed.append((value, fields))
        DataValue.objects.bulk_create(new, batch_size=500)
        for value, fields in changed:
            value.save(update_fields=fields)
    summary.created, summary.changed = len(new), len(changed)
    return summary


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


def verify_values(selection: Selection, user, seen=None) -> tuple[int, list[DataValue]]:
    """Mark the drafts of `selection` verified by `user`: how many, and the drafts left alone.

    With `seen` (the `seen_figures` of each draft by id, as the verifier saw them), only the
    drafts that still have those figures are verified; the others (changed or entered since)
    are returned, with their region, indicator and author. The verifier and the time are kept
    on each value; a later change of the value records them in its history as it returns to
    draft."""
    if not can_edit_region(user, selection.region):
        raise PermissionDenied
    now = timezone.now()
    changes = {
        "status": DataValue.Status.VERIFIED,
        "verified_by": user,
        "verified": now,
        "updated": now,
    }
    drafts = selection.values().filter(status=DataValue.Status.DRAFT)
    if seen is None:
        return drafts.update(**changes), []
    with transaction.atomic():
        drafts = (
            drafts.select_related("region", "indicator", "entered_by")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        same, left = [], []
        for value in drafts:
            if seen.get(value.pk) == seen_figures(value):
                same.append(value.pk)
            else:
                left.append(value)
        count = 0
        for start in range(0, len(same), REGION_BATCH):
            batch = same[start : start + REGION_BATCH]
            count += DataValue.objects.filter(pk__in=batch).update(**changes)
    return count, left


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
