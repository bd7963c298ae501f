from django import forms

from sinergi.regions import lookup
from sinergi.regions.models import CODE_PATTERN, Region


class SearchForm(forms.Form):
    """The parameters of `regions:search`: the text typed, the region to search below and the
    level of the regions wanted."""

    q = forms.CharField(required=False, max_length=lookup.MAX_TEXT)
    di = forms.RegexField(regex=rf"^(?:{CODE_PATTERN})$", required=False)
    tingkat = forms.TypedChoiceField(
        choices=[(level, level) for level in Region.Level.values if level],
        coerce=int,
        required=False,
        empty_value=None,
    )
