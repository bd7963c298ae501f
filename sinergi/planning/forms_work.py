"""Forms of the annual work plans: the plan, an activity with its budget by funding source, and
the quarterly realisation of an activity.

Every amount, quantity and percentage is typed the Indonesian way, as every number of the
project (`sinergi.lib.fields.NumberField`): "1.250.000", "1250000" and "1.250.000,50" are read,
while "1250000.50" or "1,250" are refused as ambiguous rather than guessed.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sinergi.lib.concurrency import GuardedForm
from sinergi.lib.fields import ModelForm, NumberField, format_number
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    FundingSource,
    Goal,
    QuarterReport,
    Spending,
    StrategicPlan,
    WorkPlan,
)
from sinergi.pokja.forms import institutions_for
from sinergi.regions.fields import RegionField
from sinergi.regions.models import Region

QUARTERS = (1, 2, 3, 4)
FIRST_YEAR = 2000


# Amounts of money: BudgetLine and Spending keep 18 digits, 2 of them after the point.
RUPIAH = {"decimal_places": 2, "max_digits": 18, "min_value": 0}


def adopted_plan_for(group, year):
    """The adopted strategic plan of `group` that covers `year`, or None."""
    return StrategicPlan.objects.filter(
        working_group=group,
        status=StrategicPlan.Status.ADOPTED,
        start_year__lte=year,
        end_year__gte=year,
    ).first()


class WorkPlanForm(GuardedForm, ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        latest = group.work_plans.aggregate(latest=Max("year"))["latest"]
        self.initial.setdefault("year", latest + 1 if latest else timezone.localdate().year)

    def clean_year(self):
        year = self.cleaned_data["year"]
        last = timezone.localdate().year + 5
        if not FIRST_YEAR <= year <= last:
            raise ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": last},
            )
        if WorkPlan.objects.filter(working_group=self.instance.working_group, year=year).exists():
            raise ValidationError(_("This working group already has a work plan for that year."))
        return year

    def save(self, commit=True):
        plan = self.instance
        plan.strategic_plan = adopted_plan_for(plan.working_group, self.cleaned_data["year"])
        return super().save(commit)


class ActivityForm(GuardedForm, ModelForm):
    location = RegionField(
        label=_("Location"),
        help_text=_(
            "The region of the working group or a region below it (kecamatan, desa or "
            "kelurahan), by name or Kemendagri code, e.g. Cileunyi or 32.04.05.2004."
        ),
    )
    end_quarter = forms.TypedChoiceField(
        label=_("Planned to finish in quarter"),
        choices=[(q, q) for q in QUARTERS],
        coerce=int,
        initial=4,
    )
    field_order = [
        "name",
        "sector",
        "institution",
        "location",
        "output",
        "unit",
        "quantity",
        "goal",
        "end_quarter",
    ]

    class Meta:
        model = Activity
        fields = [
            "name",
            "sector",
            "institution",
            "location",
            "output",
            "unit",
            "quantity",
            "goal",
            "end_quarter",
        ]

    def __init__(self, *args, work_plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.work_plan = work_plan
        group = work_plan.working_group
        region = group.region
        self.fields["institution"].queryset = institutions_for(group)
        self.fields["location"].limit_to(region)
        location_id = self.instance.location_id or region.pk
        self.initial["location"] = Region.objects.select_related("parent__parent").get(
            pk=location_id
        )
        plan = adopted_plan_for(group, work_plan.year)
        if plan is None and not self.instance.goal_id:
            del self.fields["goal"]
        else:
            self.fields["goal"].queryset = Goal.objects.filter(
                Q(plan=plan) | Q(pk=self.instance.goal_id)
            )
        for name in ("name", "output"):
            self.fields[name].widget.attrs["size"] = 60

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def save(self, commit=True):
        activity = self.instance
        if activity.pk is None:
            activity.work_plan = self.work_plan
            # The plan row is locked (see the view) while the next number is taken.
            last = self.work_plan.activities.aggregate(last=Max("number"))["last"]
            activity.number = (last or 0) + 1
        return super().save(commit)


class BudgetForm(forms.Form):
    """The budget of an activity: a fixed set of lines, one amount and one programme for each
    funding source. An empty amount (or 0) means the source does not fund the activity."""

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.lines = {}
        self.spent_sources = set()
        if activity is not None and activity.pk:
            self.lines = {line.source: line for line in activity.budget_lines.all()}
            self.spent_sources = set(
                Spending.objects.filter(report__activity=activity).values_list("source", flat=True)
            )
        for source in FundingSource:
            line = self.lines.get(source.value)
            self.fields[f"{source.value}_amount"] = NumberField(
                **RUPIAH,
                label=format_lazy("{}: {}", source.label, _("amount (Rp)")),
                required=False,
                initial=line.amount if line else None,
            )
            self.fields[f"{source.value}_programme"] = forms.CharField(
                label=format_lazy("{}: {}", source.label, _("external programme")),
                max_length=200,
                required=False,
                initial=line.programme if line else "",
            )

    def rows(self):
        """(funding source, amount field, programme field) for the table of the form."""
        return [
            (source.label, self[f"{source.value}_amount"], self[f"{source.value}_programme"])
            for source in FundingSource
        ]

    def clean(self):
        data = super().clean()
        for source in FundingSource:
            amount_name = f"{source.value}_amount"
            if amount_name in self.errors:
                continue
            if data.get(amount_name):
                continue
            if data.get(f"{source.value}_programme", "").strip():
                self.add_error(
                    f"{source.value}_programme",
                    _("Write the amount this programme funds, or clear the programme."),
                )
            if source.value in self.spent_sources:
                self.add_error(
                    amount_name,
                    _(
                        "Spending from this source is recorded in the realisation: keep its "
                        "budget, or remove that spending first."
                    ),
                )
        return data

    def amounts(self):
        """{source: (amount, programme)} of the lines the form keeps."""
        data = self.cleaned_data
        return {
            source.value: (data[f"{source.value}_amount"], data[f"{source.value}_programme"])
            for source in FundingSource
            if data.get(f"{source.value}_amount")
        }

    def save(self, activity):
        """Create, change and remove the activity's lines; call inside the transaction that
        saves the activity."""
        wanted = self.amounts()
        for source, line in self.lines.items():
            if source not in wanted:
                line.delete()
        for source, (amount, programme) in wanted.items():
            line = self.lines.get(source)
            if line is None:
                BudgetLine.objects.create(
                    activity=activity, source=source, amount=amount, programme=programme
                )
            elif (line.amount, line.programme) != (amount, programme):
                line.amount, line.programme = amount, programme
                line.save(update_fields=["amount", "programme"])


class RealisationForm(forms.Form):
    """Realisation of an activity for quarters 1–4: the cumulative physical progress, what was
    spent from each funding source of its budget, and a note. An empty quarter has no report."""

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.budget = {line.source: line.amount for line in activity.budget_lines.all()}
        self.reports = {
            report.quarter: report for report in activity.reports.prefetch_related("spending")
        }
        spent = {
            (report.quarter, s.source): s
            for report in self.reports.values()
            for s in report.spending.all()
        }
        # The sources of the budget, and any from which money was spent before a line went.
        used = set(self.budget) | {source for _quarter, source in spent}
        self.sources = [source for source in FundingSource if source.value in used]
        # Written as the inputs beside it are typed, whatever the language of the page.
        self.budget_row = [format_number(self.budget.get(source.value)) for source in self.sources]
        for quarter in QUARTERS:
            report = self.reports.get(quarter)
            self.fields[f"q{quarter}_progress"] = NumberField(
                decimal_places=2,
                min_value=0,
                max_value=Decimal(100),
                label=format_lazy(_("Quarter {}: physical progress (%)"), quarter),
                required=False,
                initial=report.physical_progress if report else None,
            )
            for source in self.sources:
                spending = spent.get((quarter, source.value))
                self.fields[f"q{quarter}_{source.value}"] = NumberField(
                    **RUPIAH,
                    label=format_lazy(_("Quarter {}: spent from {} (Rp)"), quarter, source.label),
                    required=False,
                    initial=spending.amount if spending else None,
                )
            self.fields[f"q{quarter}_note"] = forms.CharField(
                label=format_lazy(_("Quarter {}: note"), quarter),
                max_length=300,
                required=False,
                initial=report.note if report else "",
            )

    def quarters(self):
        """(quarter, progress field, [spent field per source], note field) for the table."""
        return [
            (
                quarter,
                self[f"q{quarter}_progress"],
                [self[f"q{quarter}_{source.value}"] for source in self.sources],
                self[f"q{quarter}_note"],
            )
            for quarter in QUARTERS
        ]

    def _spent(self, quarter):
        return {
            source.value: self.cleaned_data.get(f"q{quarter}_{source.value}")
            for source in self.sources
        }

    def clean(self):
        data = super().clean()
        previous = None  # (quarter, progress) of the latest quarter reported so far
        for quarter in QUARTERS:
            name = f"q{quarter}_progress"
            if name in self.errors:
                continue
            progress = data.get(name)
            if progress is None:
                if any(self._spent(quarter).values()) or data.get(f"q{quarter}_note"):
                    self.add_error(
                        name, _("Give the physical progress at the end of this quarter.")
                    )
                continue
            if previous is not None and progress < previous[1]:
                self.add_error(
                    name,
                    _(
                        "Progress is cumulative: it cannot be lower than in quarter "
                        "%(quarter)s (%(progress)s%%)."
                    )
                    % {"quarter": previous[0], "progress": format_number(previous[1])},
                )
            previous = (quarter, progress)
        return data

    def overspent(self):
        """[(source label, spent in the year, budget)] for sources spent beyond their budget."""
        totals = {source.value: Decimal(0) for source in self.sources}
        for quarter in QUARTERS:
            if self.cleaned_data.get(f"q{quarter}_progress") is None:
                continue
            for source, amount in self._spent(quarter).items():
                totals[source] += amount or 0
        return [
            (source.label, totals[source.value], self.budget.get(source.value, Decimal(0)))
            for source in self.sources
            if totals[source.value] > self.budget.get(source.value, Decimal(0))
        ]

    def save(self):
        """Write the four quarters; call inside a transaction."""
        data = self.cleaned_data
        for quarter in QUARTERS:
            report = self.reports.get(quarter)
            progress = data[f"q{quarter}_progress"]
            if progress is None:
                if report is not None:
                    report.delete()
                continue
            note = data[f"q{quarter}_note"].strip()
            if report is None:
                report = QuarterReport.objects.create(
                    activity=self.activity, quarter=quarter, physical_progress=progress, note=note
                )
            elif (report.physical_progress, report.note) != (progress, note):
                report.physical_progress, report.note = progress, note
                report.save(update_fields=["physical_progress", "note", "updated"])
            stored = {s.source: s for s in report.spending.all()}
            for source, amount in self._spent(quarter).items():
                spending = stored.get(source)
                if not amount:
                    if spending is not None:
                        spending.delete()
                elif spending is None:
                    Spending.objects.create(report=report, source=source, amount=amount)
                elif spending.amount != amount:
                    spending.amount = amount
                    spending.save(update_fields=["amount"])
