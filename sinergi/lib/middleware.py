"""Request checks that hold for every view."""

from django.core.exceptions import BadRequest


class RejectNullCharactersMiddleware:
    """Refuse (400) a request whose query string or form fields hold a NUL character.

    No text a person writes contains one, PostgreSQL cannot store or compare it (psycopg refuses
    the query, a 500), and views read some parameters (filters, codes) without a form field that
    would reject it. One check here keeps every view honest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_null(request.GET):
            raise BadRequest("NUL character in the query string")
        form = request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        if request.method == "POST" and form and _has_null(request.POST):
            raise BadRequest("NUL character in the form data")
        return self.get_response(request)


def _has_null(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in query_dict.lists()
    )
