"""Plausible values: the one rule for the range of a date and the sign of an amount.

A date in year 1 or 9999, or a budget of -1, is a typing slip that a form, an import or the
API would otherwise store (and a membership "starting" in 9999 silently leaves today's
roster). The rules sit on the model fields (`validators=[...]`), so every path that cleans a
model — page forms, imports built on model forms, the API's forms — refuses the same values
with the same message, under the field's name. A plain form or an import row that writes a
model field takes the field's own validators with `validators_of()`.

Ranges, by what a date means (each model field says which it uses):
- `plausible_date()`: a date that may lie ahead (a validity, a membership, a due date, a
  programme period, a meeting): from 1945 up to ten years after today;
- `recorded_date()`: a date of something that has happened (a signing, an adoption, an
  inspection, a presentation): from 1945 up to a week after today — the week allows for
  a record entered a few days early and for the time zones of Indonesia.

Planned or valid (`plausible_date`): Decree.valid_from/valid_until, Membership.started_on/
ended_on, ActionItem.due_on, Formation.orientation_meeting_on, Programme.starts_on (ends_on up
to 30 years ahead: a KPBU concession runs for decades), Meeting.starts_at/ends_at. Recorded
(`recorded_date`): Decree.signed_on, WorkingGroup.formed_on, GroupName.since,
ActionItem.closed_on, Formation.started_on, FormationStep.started_on/done_on,
StrategicPlan.adopted_on, Intake.presented_on, Inspection.inspected_on. Never negative
(`not_negative`): Programme.budget, Facility.capacity, Activity.quantity (budget lines and
spending already refuse negatives; counts are PositiveIntegerFields). Years (DataValue, work
plans, Renstra) keep their own bounds in their forms.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The Republic's first year: no record of a working group is older.
EARLIEST = datetime.date(1945, 1, 1)
RECORDED_SLACK_DAYS = 7


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@deconstructible
class DateRangeValidator:
    """A date (or datetime) from EARLIEST to `years_ahead` years plus `days_ahead` days after
    today. The upper end moves with today, so it is computed at each call."""

    def __init__(self, years_ahead=0, days_ahead=0):
        self.years_ahead, self.days_ahead = years_ahead, days_ahead

    def latest(self) -> datetime.date:
        today = timezone.localdate()
        return _years_after(today, self.years_ahead) + datetime.timedelta(days=self.days_ahead)

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime.datetime) else value
        latest = self.latest()
        if not EARLIEST <= day <= latest:
            message = _("Give a date between %(first)s and %(last)s.") % {
                "first": formats.date_format(EARLIEST),
                "last": formats.date_format(latest),
            }
            raise ValidationError(message, code="implausible_date")

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and (self.years_ahead, self.days_ahead) == (
            other.years_ahead,
            other.days_ahead,
        )


def plausible_date(years_ahead=10) -> DateRangeValidator:
    """A date that may lie ahead: from 1945 to `years_ahead` years after today."""
    return DateRangeValidator(years_ahead=years_ahead)


def recorded_date() -> DateRangeValidator:
    """A date of something that has happened: from 1945 to a week after today."""
    return DateRangeValidator(days_ahead=RECORDED_SLACK_DAYS)


def not_negative() -> MinValueValidator:
    """An amount, a quantity or a capacity: zero or more."""
    return MinValueValidator(0, message=gettext_lazy("Give zero or more, not a negative number."))


def validators_of(model, name) -> list:
    """The validators of a model field, for a plain form field or an import column that
    writes it, so that it refuses what the model refuses."""
    return list(model._meta.get_field(name).validators)
