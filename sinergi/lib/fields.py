"""One way to type a date and a number, on every page and in every import.

Dates (`DateField`, `parse_date()`) are read whatever the interface language:

- `3 Desember 2026`, `3 Des 2026`, `3-Des-2026` (Indonesian month names and their
  abbreviations, the old spellings Pebruari and Nopember, and English names too);
- `03/12/2026`, `3-12-2026`, `03.12.2026`: day, month, year, always in that order;
- `2026-12-03` (ISO), and a date cell of a spreadsheet.

A two-digit year is refused (which century?), and so is a date written as a number cell.
A date is shown back as `3 Desember 2026` (`3 December 2026` in English), which reads the same
to everyone and is read again as typed.

Numbers (`NumberField`, `parse_number()`) are written the Indonesian way, in every language:
a point groups thousands (optional, but then every group has three digits) and a comma comes
before the decimals. So `1.250.000,50`, `1250000,5` and `12,5` are read, and `12.500` is
twelve thousand five hundred. What could be meant either way is refused with a message that
says how to write it, never guessed:

- a point before one, two or four and more digits (`1.5`, `1250000.50`): a decimal point
  to an English reader, but a point separates thousands here; write `1,5`;
- a comma before exactly three digits after one to three digits (`1,250`): thousands to an
  English reader; write `1.250` or `1,25`.

A number given as a number (a spreadsheet cell, a JSON number, a Decimal) is taken as it is,
without the dust of spreadsheet arithmetic (0.1 + 0.2). More decimals than the field keeps are
refused, never rounded away. Years, ordinals and coordinates have no thousands
(`grouping=False`): there a point or a comma is the decimal separator (`-6.9345`).

Every `ModelForm` of the project derives from `ModelForm` below, whose model dates and
numbers become these fields (`formfield_for()`); the model field's validators still run when
the form cleans its instance. `sinergi/tests/test_fields.py` holds that every form does.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EXAMPLE_DAY = datetime.date(2026, 12, 3)
LONG_FORMAT = "j F Y"  # 3 Desember 2026

MONTHS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_DIGITS = re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})")
_WORDS = re.compile(r"(?P<day>\d{1,2})[ .-]*(?P<month>[a-z]+)\.?[ ,.-]*(?P<year>\d{4})")
_ENGLISH = re.compile(r"(?P<month>[a-z]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}[/.-](?:\d{1,2}|[a-z]+)[/.-]\d{2}")


def _long(day) -> str:
    return formats.date_format(day, LONG_FORMAT)


def _date_help() -> str:
    return _("Day, month and year, such as %(long)s or %(short)s.") % {
        "long": _long(EXAMPLE_DAY),
        "short": f"{EXAMPLE_DAY:%d/%m/%Y}",
    }


def _date_placeholder() -> str:
    return _("e.g. %(example)s") % {"example": _long(EXAMPLE_DAY)}


# The help text of every date field and of every date column of an import template.
DATE_HELP = lazy(_date_help, str)()


def parse_date(raw) -> datetime.date | None:
    """A date typed in one of the forms above, or a spreadsheet's date cell; None when
    empty. Raises ValidationError with a message for the user naming what was typed."""
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    examples = {
        "long": _long(EXAMPLE_DAY),
        "short": f"{EXAMPLE_DAY:%d/%m/%Y}",
        "iso": EXAMPLE_DAY.isoformat(),
    }
    if isinstance(raw, int | float | Decimal):
        # A date typed into a number cell (20261203, or the spreadsheet's day count).
        raise ValidationError(
            _("Write the date as a date cell or as text such as %(short)s, not as a number.")
            % examples,
            code="invalid",
        )
    text = " ".join(str(raw).split())
    if not text:
        return None
    folded = text.casefold()
    params = {"text": text, **examples}
    for pattern in (_ISO, _DIGITS, _WORDS, _ENGLISH):
        match = pattern.fullmatch(folded)
        if match is None:
            continue
        month = match["month"]
        month = int(month) if month.isdigit() else MONTHS.get(month)
        if month is None:
            break
        try:
            return datetime.date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            raise ValidationError(
                _("“%(text)s” is not a day of the calendar."), code="invalid", params=params
            ) from None
    if _SHORT_YEAR.fullmatch(folded):
        raise ValidationError(
            _("“%(text)s”: write the year with four digits, as in %(short)s."),
            code="invalid",
            params=params,
        )
    raise ValidationError(
        _("“%(text)s” is not a date. Write it as %(long)s, %(short)s or %(iso)s."),
        code="invalid",
        params=params,
    )


class DateInput(forms.TextInput):
    """A text box: typed dates in any of the forms above work without JavaScript on any
    phone (a browser's date box would refuse them), shown back as 3 Desember 2026."""

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "placeholder": lazy(_date_placeholder, str)()}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return _long(value)
        return super().format_value(value)


class DateField(forms.DateField):
    """The one date field of the project (see the module's docstring)."""

    widget = DateInput

    def __init__(self, *, help_text="", **kwargs):
        kwargs.pop("input_formats", None)
        help_text = format_help(help_text, DATE_HELP)
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        return parse_date(value)


def format_help(help_text, rule):
    """A field's own help text followed by the rule of how to type it."""
    if not help_text:
        return rule
    return lazy(lambda: f"{help_text} {rule}", str)()


# Numbers.

# Digits, optionally in groups of three with points (or spaces), then a comma and decimals.
_NUMBER = re.compile(
    r"(?P<int>\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?: \d{3})+)(?:,(?P<dec>\d+))?"
)
_PLAIN = re.compile(r"(?P<int>\d+)(?:[.,](?P<dec>\d+))?")
# Thousands to an English reader, decimals to an Indonesian one.
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
# A decimal point to an English reader; a point separates thousands here.
_POINT_DECIMALS = re.compile(r"\d+\.\d+")


# Beyond what any field of the project keeps (DataValue keeps 16 digits before the point).
LARGEST = Decimal(10) ** 20


def _number_help(places) -> str:
    if places:
        return _(
            "Digits, with points between thousands or none (1.250.000 or 1250000) and a "
            "comma before the decimals (1.250.000,50)."
        )
    return _("Digits, with points between thousands or none (1.250.000 or 1250000).")


NUMBER_HELP = lazy(lambda: _number_help(2), str)()
WHOLE_NUMBER_HELP = lazy(lambda: _number_help(0), str)()


def parse_number(raw, *, places=2, grouping=True) -> Decimal | None:
    """A number typed the Indonesian way, or given as a number; None when empty. At most
    `places` decimals; `grouping=False` for numbers without thousands (a point or a comma is
    then the decimal separator). Raises ValidationError with a message for the user."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("Write a number."), code="invalid")
    if isinstance(raw, int | float | Decimal):
        try:
            number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        except InvalidOperation:
            raise ValidationError(_("Write a number."), code="invalid") from None
        if not number.is_finite():
            raise ValidationError(_("Write a number."), code="invalid")
        if abs(number) < LARGEST:
            # Leaves out the dust of spreadsheet arithmetic (0.1 + 0.2), nothing anyone typed.
            with localcontext(prec=60):
                number = number.quantize(Decimal(1).scaleb(-places - 6), rounding=ROUND_HALF_UP)
        return _check_places(number, places)
    text = " ".join(str(raw).replace("\u2212", "-").split())
    if not text:
        return None
    params = {"text": text}
    negative = text.startswith("-")
    body = text[1:].strip() if negative else text
    if grouping and _COMMA_THOUSANDS.fullmatch(body):
        raise ValidationError(
            _(
                "“%(text)s” is ambiguous: a comma comes before the decimals here. Write "
                "thousands with points (%(points)s), or the decimals without a final zero "
                "(%(decimals)s)."
            ),
            code="ambiguous",
            params={
                **params,
                "points": body.replace(",", "."),
                "decimals": body.rstrip("0").rstrip(","),
            },
        )
    match = (_NUMBER if grouping else _PLAIN).fullmatch(body)
    if match is None:
        if grouping and _POINT_DECIMALS.fullmatch(body):
            head, _point, tail = body.rpartition(".")
            raise ValidationError(
                _(
                    "“%(text)s” is ambiguous: a point separates thousands here. Write the "
                    "decimals after a comma, as in %(example)s."
                ),
                code="ambiguous",
                params={**params, "example": f"{'-' if negative else ''}{head},{tail}"},
            )
        if grouping:
            message = _(
                "“%(text)s” is not a number: write digits, with points between thousands "
                "(1.250.000) or none, and a comma before the decimals (1.250.000,50)."
            )
        else:
            message = _(
                "“%(text)s” is not a number: write digits, without points between thousands."
            )
        raise ValidationError(message, code="invalid", params=params)
    digits = match["int"].replace(".", "").replace(" ", "")
    number = Decimal(f"{'-' if negative else ''}{digits}.{match['dec'] or '0'}")
    return _check_places(number, places)


def _check_places(number, places) -> Decimal:
    if abs(number) >= LARGEST:
        raise ValidationError(_("This number is too large."), code="too_large")
    quantized = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number != quantized:
        if places == 0:
            raise ValidationError(_("Write a whole number."), code="decimals")
        raise ValidationError(
            _("Write at most %(places)d decimals.") % {"places": places}, code="decimals"
        )
    return quantized


def format_number(value, *, places=2, grouping=True) -> str:
    """A stored number as it is typed back: "1.250.000", "1.250.000,50", "12,5". Never
    exactly three decimals, which would read as thousands."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        shown = 0
    elif places <= 2:
        shown = places
    else:
        shown = max(-value.normalize().as_tuple().exponent, 0)
        shown = 4 if shown == 3 else shown
    text = f"{abs(value):,.{shown}f}" if grouping else f"{abs(value):.{shown}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if value < 0 else text


class NumberInput(forms.TextInput):
    """A text box with a keyboard for numbers: a browser's number box would turn
    2.500.000.000 into 2.500000000 and refuse 1.200."""

    def __init__(self, attrs=None, *, places=2, grouping=True):
        self.places, self.grouping = places, grouping
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value, places=self.places, grouping=self.grouping)
        return super().format_value(value)


class NumberField(forms.Field):
    """The one number field of the project (see the module's docstring). Cleans to an int
    when `decimal_places` is 0, else to a Decimal. Takes the arguments Django's DecimalField
    and IntegerField take, so that a model field can make it."""

    widget = NumberInput
    default_error_messages = {
        "too_large": gettext_lazy("This number is too large."),
        "negative": gettext_lazy("The number cannot be negative."),
        "too_low": gettext_lazy("At least %(limit)s."),
        "too_high": gettext_lazy("At most %(limit)s."),
    }

    def __init__(
        self,
        *,
        decimal_places=0,
        max_digits=None,
        min_value=None,
        max_value=None,
        grouping=True,
        help_text="",
        step_size=None,
        **kwargs,
    ):
        self.places, self.grouping = decimal_places, grouping
        self.min_value, self.max_value = min_value, max_value
        self.limit = Decimal(10) ** (max_digits - decimal_places) if max_digits else None
        if grouping:
            help_text = format_help(help_text, NUMBER_HELP if decimal_places else WHOLE_NUMBER_HELP)
        kwargs.pop("localize", None)
        super().__init__(help_text=help_text, **kwargs)
        self.widget.places, self.widget.grouping = decimal_places, grouping

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.min_value is not None and self.min_value >= 0:
            attrs["inputmode"] = "decimal" if self.places else "numeric"
        if self.grouping:
            attrs["placeholder"] = "1.250.000,50" if self.places else "1.250.000"
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_number(value, places=self.places, grouping=self.grouping)
        if number is None or self.places:
            return number
        return int(number)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.limit is not None and abs(value) >= self.limit:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise ValidationError(self.error_messages["negative"], code="negative")
            raise ValidationError(
                self.error_messages["too_low"],
                code="too_low",
                params={"limit": self._shown(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["too_high"],
                code="too_high",
                params={"limit": self._shown(self.max_value)},
            )

    def _shown(self, limit) -> str:
        return format_number(limit, places=self.places, grouping=self.grouping)

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


# Small integers of the models are years, numbers in a list and quarters: no thousands.
_UNGROUPED = (models.SmallIntegerField, models.PositiveSmallIntegerField)


def formfield_for(model_field, **kwargs):
    """The form field of a model field: these fields for dates and numbers, Django's for the
    rest (and for numbers with choices)."""
    if model_field.choices or isinstance(model_field, models.DateTimeField):
        return model_field.formfield(**kwargs)
    if isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    elif "form_class" not in kwargs and isinstance(
        model_field, models.DecimalField | models.IntegerField
    ):
        kwargs["form_class"] = NumberField
        kwargs.setdefault("grouping", not isinstance(model_field, _UNGROUPED))
    return model_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The base of every model form: its model dates and numbers are the fields above."""

    def __init_subclass__(cls, **kwargs):
        # Runs before Django's metaclass makes the fields from the model.
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(formfield_for)
