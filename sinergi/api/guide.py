"""The API guide: one light, server-rendered page that says what the API offers and how to use
it, in Indonesian at /api/docs/ and in English at /en/api/docs/. The prose of each language is
its own template (api/guide_id.html, api/guide_en.html); the interactive explorer (Swagger UI)
is one link away at /api/docs/explorer/.

Its examples are run against the app by sinergi/api/tests/test_guide.py, so they stay true.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.views.decorators.http import require_safe

from sinergi.api.pagination import Pagination


def guide_urls() -> dict[str, str]:
    """The guide's address in each language: /api/docs/ is outside the language prefixes, so
    the site's language switch cannot derive the English one from it."""
    with override("en"):
        english = reverse("api_guide")
    return {"id": reverse("api:docs"), "en": english}


# DRF reads a rate as "<number>/<period>" by the period's first letter.
PERIODS = {
    "s": {"id": "detik", "en": "second"},
    "m": {"id": "menit", "en": "minute"},
    "h": {"id": "jam", "en": "hour"},
    "d": {"id": "hari", "en": "day"},
}


def rate(text: str, language: str) -> str:
    """A throttle rate as a reader says it: "120 per minute", "120 per menit"."""
    number, _, period = text.partition("/")
    return f"{number} per {PERIODS[period[:1]][language]}"


@login_not_required
@require_safe
def guide(request):
    language = "en" if get_language() == "en" else "id"
    urls = guide_urls()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    context = {
        # The public address (as in e-mails), so that examples can be copied as they are.
        "base": settings.SITE_URL.rstrip("/"),
        "anon_rate": rate(rates["anon"], language),
        "user_rate": rate(rates["user"], language),
        "page_size": Pagination.page_size,
        "max_page_size": Pagination.max_page_size,
        "languages": [
            {"code": code, "name": name, "url": urls[code], "current": code == language}
            for code, name in settings.LANGUAGES
        ],
    }
    return render(request, f"api/guide_{language}.html", context)
