"""The answer to an error no view handled, by kind: the database unavailable gives 503 with
`Retry-After` (a short Indonesian page, or JSON under /api/), anything else the 500 page (JSON
under /api/). Set as `handler500` in the root URLconf; Django calls it while handling the
exception, so `sys.exc_info()` names it.

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


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request)
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)


def database_unavailable(request):
    """503: no query, no context processor (they would need the database)."""
    if _is_api(request):
        response = JsonResponse(
            {"detail": _("The service is briefly unavailable. Try again in a minute.")},
            status=503,
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
