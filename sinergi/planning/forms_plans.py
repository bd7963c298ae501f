"""Forms of the strategic plan (Renstra AMPL): the plan, its goals and strategies, the grid of
yearly targets and the adoption."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.lib.concurrency import GuardedForm
from sinergi.lib.fields import ModelForm, NumberField, format_number
from sinergi.planning.models import Goal, PlanTarget, StrategicPlan, Strategy

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YEARS = 10


class StrategicPlanForm(GuardedForm, ModelForm):
    start_year = NumberField(
        label=_("First year"), grouping=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    end_year = NumberField(
        grouping=False,
        label=_("Last year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Usually five years, aligned with the regional medium-term plan (RPJMD)."),
    )

    class Meta:
        model = StrategicPlan
        fields = ["title", "start_year", "end_year", "vision", "mission"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"mission": _("One mission a line.")}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is None or end is None:
            return data
        if end < start:
            self.add_error("end_year", _("The last year cannot be before the first."))
        elif end - start + 1 > MAX_YEARS:
            self.add_error(
                "end_year",
                gettext("A plan covers at most %(count)d years.") % {"count": MAX_YEARS},
            )
        elif self.instance.status == StrategicPlan.Status.ADOPTED:
            # The years of an adopted plan change only when no other adopted plan has them.
            self.instance.start_year, self.instance.end_year = start, end
            overlap = self.instance.overlapping_adopted().first()
            if overlap is not None:
                raise forms.ValidationError(
                    gettext(
                        "Another adopted plan, %(title)s (%(start)s–%(end)s), already covers "
                        "some of these years. Only one adopted plan may cover a year."
                    )
                    % {"title": overlap.title, "start": overlap.start_year, "end": overlap.end_year}
                )
        return data

    def save(self, commit=True):
        plan = super().save(commit)
        if commit:
            # Targets of years the plan no longer covers would be invisible: they go.
            plan.targets.exclude(year__range=(plan.start_year, plan.end_year)).delete()
        return plan


class GoalForm(ModelForm):
    number = NumberField(
        grouping=False,
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Empty: the next number."),
    )

    class Meta:
        model = Goal
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def clean_number(self):
        number = self.cleaned_data["number"]
        goals = Goal.objects.filter(plan=self.instance.plan).exclude(pk=self.instance.pk)
        if number is None:
            return (goals.aggregate(last=Max("number"))["last"] or 0) + 1
        if goals.filter(number=number).exists():
            raise forms.ValidationError(_("The plan already has a goal with this number."))
        return number


class StrategyForm(ModelForm):
    class Meta:
        model = Strategy
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal


class AdoptPlanForm(ModelForm):
    """The adoption of a plan; the file is checked by the model field's FileKindValidator."""

    class Meta:
        model = StrategicPlan
        fields = ["adopted_on", "adopted_by", "adopting_file"]
        widgets = {"adopting_file": forms.FileInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].required = True
        self.fields["adopted_by"].required = True


class TargetField(NumberField):
    """A yearly target (PlanTarget.value keeps 20 digits, 4 after the point), empty for
    none."""

    def __init__(self, *, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(decimal_places=4, max_digits=20, required=False, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < 0:
            raise forms.ValidationError(_("A target cannot be negative."))
        if self.indicator.is_ratio and value > self.indicator.scale:
            raise forms.ValidationError(
                gettext("A target of this indicator is at most %(scale)d.")
                % {"scale": self.indicator.scale}
            )


class PlanTargetsForm(forms.Form):
    """A field for each indicator and year of the plan, named t-<indicator id>-<year>."""

    def __init__(self, *args, plan, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.stored = {(t.indicator_id, t.year): t for t in plan.targets.order_by()}
        self.grid = []
        for indicator in indicators:
            names = []
            for year in plan.years:
                name = f"t-{indicator.pk}-{year}"
                target = self.stored.get((indicator.pk, year))
                self.fields[name] = TargetField(
                    indicator=indicator,
                    label=gettext("Target %(year)d, %(indicator)s")
                    % {"year": year, "indicator": indicator.name},
                    initial=format_number(target.value, places=4) if target else "",
                )
                names.append((year, name))
            self.grid.append((indicator, names))

    def rows(self):
        """(indicator, [bound field for each year]) for the template."""
        return [(indicator, [self[name] for _, name in names]) for indicator, names in self.grid]

    def save(self) -> dict[str, int]:
        """Create, change and remove the plan's targets; call inside a transaction."""
        counts = {"created": 0, "changed": 0, "removed": 0}
        for indicator, names in self.grid:
            for year, name in names:
                if name not in self.data:  # a cell the page did not show is left alone
                    continue
                value = self.cleaned_data[name]
                target = self.stored.get((indicator.pk, year))
                if value is None:
                    if target is not None:
                        target.delete()
                        counts["removed"] += 1
                elif target is None:
                    PlanTarget.objects.create(
                        plan=self.plan, indicator=indicator, year=year, value=value
                    )
                    counts["created"] += 1
                elif target.value != value:
                    target.value = value
                    target.save(update_fields=["value"])
                    counts["changed"] += 1
        return counts
