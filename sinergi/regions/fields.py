"""Form fields for a place: the user types a region's name or its Kemendagri code, the field
gives the region (what the form stores stays the region, that is its code). `RegionField` takes
one region, `RegionsField` several, one a line. Both work by typing alone; with JavaScript,
static/js/region-picker.js suggests regions as you type (from `regions:search`).

The form says which regions may be chosen, in its `__init__`:
`self.fields["village"].limit_to(group.region, level=Region.Level.VILLAGE)`.
"""

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.regions import lookup
from sinergi.regions.models import Region, at_or_below

MAX_CANDIDATES = 8  # listed in the message when a name is ambiguous


class RegionInput(forms.TextInput):
    """A text box that static/js/region-picker.js turns into a search as you type."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-region-search"] = reverse("regions:search")
        return context


class RegionsTextarea(forms.Textarea):
    """Regions one a line; static/js/region-picker.js adds a search box that appends the
    region chosen."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-region-search"] = reverse("regions:search")
        return context


class RegionField(forms.CharField):
    widget = RegionInput
    default_error_messages = {
        "unknown_code": _("There is no region with the code %(code)s."),
        "outside": _("%(name)s (%(code)s) lies outside %(region)s."),
        "not_village": _(
            "%(code)s (%(name)s) is not a village: give the code of a desa or kelurahan, such "
            "as 32.04.05.2001."
        ),
        "not_here": _("%(name)s (%(code)s) cannot be chosen here."),
        "no_match": _(
            "No region called “%(text)s” was found in %(region)s: check the spelling, or "
            "write its Kemendagri code."
        ),
        "no_village_match": _(
            "No desa or kelurahan called “%(text)s” was found in %(region)s: check the "
            "spelling, or write its Kemendagri code."
        ),
        "ambiguous": _(
            "“%(text)s” may be any of %(count)d regions: %(candidates)s. Write the code of the "
            "one you mean, or add its kecamatan after a comma, as in “Sukamaju, Cileunyi”."
        ),
    }

    def __init__(self, *, within=None, level=None, queryset=None, **kwargs):
        kwargs.setdefault("max_length", lookup.MAX_TEXT + 30)
        super().__init__(**kwargs)
        self.limit_to(within, level, queryset)

    def limit_to(self, within=None, level=None, queryset=None):
        """Allow the regions at or below the region `within` (all when None), of `level` when
        given; or those of `queryset` (`within` and `level` then only guide the suggestions and
        the messages)."""
        self.within, self.level = within, level
        if queryset is None:
            queryset = Region.objects.all()
            if within is not None:
                queryset = queryset.filter(at_or_below(within.code))
            if level is not None:
                queryset = queryset.filter(level=level)
        self.queryset = queryset
        attrs = self.widget.attrs
        attrs.update({"data-region-picker": "", "autocomplete": "off", "spellcheck": "false"})
        for key, value in (
            ("data-region-within", within and within.code),
            ("data-region-level", level),
        ):
            if value is None:
                attrs.pop(key, None)
            else:
                attrs[key] = value

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Region.objects.select_related("parent__parent").filter(pk=value).first()
        return lookup.label(value) if isinstance(value, Region) else value

    def has_changed(self, initial, data):
        if isinstance(initial, int):
            initial = Region.objects.filter(pk=initial).first()
        initial = initial.code if isinstance(initial, Region) else (initial or "")
        return (lookup.code_of(lookup.clean_text(data)) or lookup.clean_text(data)) != initial

    def clean(self, value):
        text = lookup.clean_text(super().clean(value))
        if not text:
            return None
        (match,) = lookup.find([text], self.queryset)
        return self.region_of(match)

    def region_of(self, match) -> Region:
        """The region of `match` (see lookup.find); a ValidationError saying why not."""
        if match.region is not None:
            return match.region
        where = self.within.name if self.within is not None else "Indonesia"
        region = match.outside
        if region is not None:
            params = {"name": region.name, "code": region.code, "region": where}
            if self.within is not None and not self.within.contains(region):
                code = "outside"
            elif self.level == Region.Level.VILLAGE and region.level != self.level:
                code = "not_village"
            else:
                code = "not_here"
            raise forms.ValidationError(self.error_messages[code] % params, code=code)
        if match.code:
            code, params = "unknown_code", {"code": match.code}
        elif match.candidates:
            listed = "; ".join(lookup.label(r) for r in match.candidates[:MAX_CANDIDATES])
            if len(match.candidates) > MAX_CANDIDATES:
                listed += "; …"
            code = "ambiguous"
            params = {"text": match.text, "count": len(match.candidates), "candidates": listed}
        else:
            code = "no_village_match" if self.level == Region.Level.VILLAGE else "no_match"
            params = {"text": match.text, "region": where}
        raise forms.ValidationError(self.error_messages[code] % params, code=code)


def split_entries(text) -> list[str]:
    """The places of a text one a line (or separated by semicolons); a line of codes only may
    also separate them by commas or spaces ("32.04.05.2001, 32.04.05.2003")."""
    entries = []
    for line in re.split(r"[\n;]+", str(text or "")):
        line = lookup.clean_text(line)
        codes = [token for token in re.split(r"[\s,]+", line) if token]
        if len(codes) > 1 and all(lookup.code_of(token) for token in codes):
            entries += codes
        elif line:
            entries.append(line)
    return list(dict.fromkeys(entries))


class RegionsField(RegionField):
    """Several regions, one a line, each typed as for RegionField; gives a list of regions."""

    widget = RegionsTextarea
    default_error_messages = {"too_many": _("At most %(count)d places.")}

    def __init__(self, *, max_count=500, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("max_length", None)
        kwargs.setdefault("widget", RegionsTextarea(attrs={"rows": 4}))
        super().__init__(**kwargs)
        self.widget.attrs["data-region-multiple"] = ""
        self.widget.attrs["data-region-add"] = _("Add a place: type its name")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(lookup.label(r) if isinstance(r, Region) else r for r in value)
        return value

    def has_changed(self, initial, data):
        initial = [r.code if isinstance(r, Region) else r for r in initial or []]
        entries = split_entries(data)
        return [lookup.code_of(entry) or entry for entry in entries] != initial

    def clean(self, value):
        entries = split_entries(forms.CharField.clean(self, value))
        if not entries:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(entries) > self.max_count:
            raise forms.ValidationError(
                self.error_messages["too_many"] % {"count": self.max_count}, code="too_many"
            )
        regions, problems = {}, []
        for match in lookup.find(entries, self.queryset):
            try:
                region = self.region_of(match)
            except forms.ValidationError as error:
                problems += error.error_list
            else:
                regions.setdefault(region.pk, region)
        if problems:
            raise forms.ValidationError(problems)
        return list(regions.values())
