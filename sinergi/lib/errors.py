"""The answer to an error no view handled, by kind: the database unavailable gives 503 with
`Retry-After` (a short Indonesian page, or JSON under /api/), anything else the 500 page (JSON
under /api/). Set as `handler500` in the root URLconf; Django calls it while handling the
exception, so `sys.exc_info()` names it. `bad_request` and `page_not_found` (`handler400`,
`handler404`) keep Django's pages but answer JSON under /api/.

Every JSON error of the API has one shape, `{"detail": "<sentence>", "code": "<word>"}`, with
the fields' messages beside them in a 400 (sinergi/api/errors.py); `api_error` builds it for the
answers given outside the API's views.

`DatabaseDownFilter` keeps the log readable while the database is down: one line per request
instead of a traceback each (on `django.request`, for the console and the error e-mails alike).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 60
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def api_error(detail, code: str, status: int) -> JsonResponse:
    """The API's error body, for answers given before (or outside) its views."""
    return JsonResponse({"detail": str(detail), "code": code}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return api_error(_("The request is malformed."), "bad_request", 400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(_("No API endpoint at this address."), "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request)
    if is_api(request):
        return api_error(_("A server error occurred."), "server_error", 500)
    return defaults.server_error(request)


def database_unavailable(request):
    """503: no query, no context processor (they would need the database)."""
    if is_api(request):
        response = api_error(
            _("The service is briefly unavailable. Try again in a minute."),
            "service_unavailable",
            503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseDownFilter(logging.Filter):
    """Log a request that failed because the database is unreachable as one line, without its
    traceback: during an outage every request fails the same way."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], DATABASE_ERRORS):
            record.msg = f"{record.msg} (database unavailable: {record.exc_info[1]})"
            record.exc_info = None
            record.exc_text = None
        return True
