"""Each user's choice, per kind of notification, of e-mail as well or in the app only."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Notification, NotificationPreference

EMAIL, IN_APP = "email", "app"
CHOICES = [(EMAIL, _("E-mail and in the app")), (IN_APP, _("In the app only"))]


class PreferencesForm(forms.Form):
    """One choice per kind of notification; a kind without a saved row is e-mailed."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for kind in Notification.Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=CHOICES,
                widget=forms.RadioSelect,
                initial=EMAIL if current.get(kind.value, True) else IN_APP,
            )


def notification_preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "email")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind, choice in form.cleaned_data.items():
                NotificationPreference.objects.update_or_create(
                    user=request.user, kind=kind, defaults={"email": choice == EMAIL}
                )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notification_preferences")
    return render(request, "accounts/notification_preferences.html", {"form": form})
