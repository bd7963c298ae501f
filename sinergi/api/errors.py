"""One shape for every error the API answers.

    {"detail": "<a sentence in the client's language>", "code": "<a word>"}

`code` is DRF's code of the error (`not_authenticated`, `authentication_failed`,
`permission_denied`, `not_found`, `throttled`, `parse_error`, `unsupported_media_type`, …) or,
for the answers given outside the views (sinergi/lib/errors.py and middleware.py),
`bad_request`, `null_character`, `request_too_large`, `conflict`, `server_error`,
`service_unavailable`. A 400 of invalid input has `"code": "invalid"` and, beside `detail` and
`code`, DRF's usual messages by field or query parameter (`{"year": ["…"]}`), so clients that
read DRF's field errors keep working; messages that belong to no field are under
`non_field_errors`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

RESERVED = ("detail", "code")


def exception_handler(exc, context):
    # Django's own 404 and 403 say "No ActionItem matches the given query.", in English: the
    # API answers with DRF's translated sentences instead.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = error_body(exc)
    return response


def error_body(exc: exceptions.APIException) -> dict:
    if not isinstance(exc, exceptions.ValidationError):
        return {"detail": str(exc.detail), "code": getattr(exc.detail, "code", "error")}
    detail = exc.detail
    if isinstance(detail, dict):
        messages = {_field_key(key): value for key, value in detail.items()}
    else:
        messages = {api_settings.NON_FIELD_ERRORS_KEY: list(detail)}
    non_field = messages.get(api_settings.NON_FIELD_ERRORS_KEY)
    if len(messages) == 1 and non_field and isinstance(non_field[0], str):
        sentence = str(non_field[0])  # a single message says it best
    else:
        sentence = str(exceptions.ValidationError.default_detail)
    return {"detail": sentence, "code": "invalid", **messages}


def _field_key(key: str) -> str:
    # A field called "detail" or "code" would hide the error's own keys.
    return f"{key}_field" if key in RESERVED else key


class ApiErrorSerializer(serializers.Serializer):
    """What every error of the API answers."""

    detail = serializers.CharField(help_text="What went wrong, in the client's language.")
    code = serializers.CharField(
        help_text="A word for programs: not_authenticated, permission_denied, not_found, "
        "throttled, conflict, service_unavailable, …"
    )


class ApiValidationErrorSerializer(ApiErrorSerializer):
    """A 400: `detail`, `code`, and the messages by field or query parameter."""

    code = serializers.CharField(help_text="invalid, parse_error, null_character or bad_request.")
