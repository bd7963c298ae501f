from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.accounts.forms import ProfileForm, SignInForm
from sinergi.lib import ratelimit
from sinergi.lib.deferred import after_response
from sinergi.lib.network import client_ip


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not password_reset_allowed(self.request, email):
            form.add_error(None, _("Too many requests for a new password. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The account is looked up and the mail sent after the response, so the answer takes
        # as long for an unknown address as for a known one.
        after_response(send_password_reset, email, translation.get_language())
        return HttpResponseRedirect(self.get_success_url())


def password_reset_allowed(request, email: str) -> bool:
    hour = 60 * 60
    return ratelimit.hit(
        f"password-reset:address:{client_ip(request)}",
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        hour,
    ) and ratelimit.hit(
        f"password-reset:email:{email.strip().lower()}",
        settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        hour,
    )


def send_password_reset(email: str, language: str) -> None:
    """Mail a reset link to the active accounts of `email`; nothing when there is none."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            # Links use the configured public address, not whatever Host the request carried.
            domain_override=urlsplit(settings.SITE_URL).netloc,
            use_https=settings.SITE_URL.startswith("https://"),
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            extra_email_context={"site_url": settings.SITE_URL},
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": request.user.roles.in_force().select_related("working_group__region"),
        },
    )
