from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.lib.fields import ModelForm


class SignInForm(AuthenticationForm):
    """Sign in by e-mail; the address is matched case-insensitively."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not correct."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone"]


class ApiTokenForm(forms.Form):
    LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Where the token is used, e.g. “data portal harvester”."),
    )
    days = forms.TypedChoiceField(label=_("Valid for"), choices=LIFETIMES, coerce=int, initial=90)
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token may read data but never change it."),
    )
