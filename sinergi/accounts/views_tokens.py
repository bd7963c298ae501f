"""Each user's API tokens: list, make (the key is shown once), revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sinergi.accounts.forms import ApiTokenForm
from sinergi.accounts.models import ApiToken


@never_cache
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.objects.issue(
            request.user,
            form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
        )
        # Rendered, not redirected: the key exists only in this response.
        form = ApiTokenForm()
    tokens = ApiToken.objects.active().filter(user=request.user)
    context = {"form": form, "tokens": tokens, "new_key": new_key}
    return render(request, "accounts/api_tokens.html", context)


@require_POST
def revoke_api_token(request, pk):
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens")
