"""Request checks and response headers that hold for every view."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from sinergi.lib.errors import api_error, is_api
from sinergi.lib.uploads import max_upload_bytes

logger = logging.getLogger(__name__)


class RejectNullCharactersMiddleware:
    """Refuse (400) a request whose query string or form fields hold a NUL character.

    No text a person writes contains one, PostgreSQL cannot store or compare it (psycopg refuses
    the query, a 500), and views read some parameters (filters, codes) without a form field that
    would reject it. One check here keeps every view honest. Under /api/ the answer is the API's
    JSON error, given before authentication as for any client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        if _has_null(request.GET) or (
            form and request.method == "POST" and _has_null(request.POST)
        ):
            if is_api(request):
                detail = _("The request holds a NUL character, which no text may contain.")
                return api_error(detail, "null_character", 400)
            raise BadRequest("NUL character in the query string or form data")
        return self.get_response(request)


def _has_null(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in query_dict.lists()
    )


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header that turns off the browser features Sinergi never uses
    (settings.PERMISSIONS_POLICY_DENIED), so neither a page nor anything injected into it can ask
    for the camera, the microphone, the user's location or a payment."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# Room for the other fields of a form that carries files, and the multipart boundaries.
FORM_MARGIN_BYTES = 1024 * 1024
# The most files one form sends: a meeting's minutes and attendance list (in the admin).
MAX_FILES_PER_REQUEST = 2


def max_request_bytes() -> int:
    """The largest request body Sinergi accepts: as many of the largest allowed upload as one
    form may carry, and the margin."""
    return MAX_FILES_PER_REQUEST * max_upload_bytes() + FORM_MARGIN_BYTES


class RejectOversizedRequestsMiddleware:
    """Answer 413 to a request whose Content-Length is beyond `max_request_bytes()`, before
    anything reads its body.

    The upload forms check each file's size, but only once Django has read (and spooled to
    disk) the whole body: a 300 MB POST would cost its transfer and its disk before being
    refused. The declared length is known at once, and Django never reads beyond it (a client
    that declares less than it sends is cut short). So this middleware must come before any
    middleware that reads request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as no body, too
        if length > max_request_bytes():
            return _too_large(request)
        return self.get_response(request)


def _too_large(request):
    if is_api(request):
        detail = _("The request is larger than %(limit)s.") % {
            "limit": filesizeformat(max_request_bytes())
        }
        return api_error(detail, "request_too_large", 413)
    context = {"limit": filesizeformat(max_upload_bytes())}
    response = TemplateResponse(request, "413.html", context, status=413)
    return response.render()


class IntegrityConflictMiddleware:
    """Answer 409 with a page, not 500, when a write breaks a uniqueness rule that its form
    could not see coming: two people (or two tabs) saving the same new record at the same
    moment. The view's transaction has rolled back; nothing was saved twice. Forms that know
    their natural key (one decree number per working group, one facility name) check it
    themselves and say so next to the field; this is the net under all the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("Write conflict on %s: %s", request.path, exception)
        if is_api(request):
            detail = _("Someone else saved the same record at the same moment. Try again.")
            return api_error(detail, "conflict", 409)
        return TemplateResponse(request, "409.html", status=409).render()
