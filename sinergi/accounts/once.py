"""Submit once: a double click, a resend or two tabs sending the same form page save once.

Every form page carries a fresh random token (`{% submit_once %}`, next to `{% csrf_token %}`;
a test holds every form template to it). `SubmitOnceMiddleware` claims the token of a signed-in
user's POST before the view runs, by inserting it (`FormSubmission`, primary key): the first
request wins and runs the view; when it answers with a redirect, the address is kept. A second
request with the same token waits for the first to finish (a browser shows the answer to the
last click) and is then led to the same address, with a message; nothing runs twice. When the
first request does not redirect (the form came back with errors, or it failed), the claim is
dropped so that the corrected form can be sent.

Forms of anonymous visitors (sign-in, password reset) are not claimed: they create nothing
twice. The API takes no token; its writes are bulk upserts keyed by natural keys.
"""

import datetime
import secrets
import time

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import FormSubmission

FIELD = "_once"
KEEP = datetime.timedelta(days=1)
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.1


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _claim(token, user) -> bool:
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user)
        return True
    except IntegrityError:
        return False


class SubmitOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_once_claimed", None)
        if token:
            claims = FormSubmission.objects.filter(token=token)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                claims.update(result=response["Location"][:1000])
            else:
                claims.delete()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After CSRF and sign-in checks: only a request the view would accept claims a token.
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(FIELD, "")[:64]
        if not token:
            return None
        FormSubmission.objects.filter(created__lt=timezone.now() - KEEP).delete()
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            if _claim(token, request.user):
                request._once_claimed = token
                return None
            row = FormSubmission.objects.filter(token=token).values_list("user", "result").first()
            if row is not None and row[0] != request.user.pk:
                return _pending(request, status=400)
            if row is not None and row[1]:
                messages.info(request, _("This form had already been sent: it was saved once."))
                return HttpResponseRedirect(row[1])
            if time.monotonic() > deadline:
                return _pending(request, status=409)
            time.sleep(POLL_SECONDS)


def _pending(request, status):
    return TemplateResponse(request, "accounts/once_pending.html", status=status)
