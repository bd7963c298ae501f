from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language

from sinergi.pokja.models import WorkingGroup
from sinergi.portal.compliance import compliance_scope


def site(request):
    """The language switch: the same page in each language (the English one under /en/)."""
    current = get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    oversees = request.user.is_authenticated and compliance_scope(request.user) is not None
    return {"languages": languages, "oversees": oversees, "demo_site": has_demo_data()}


def has_demo_data() -> bool:
    """Whether load_demo has run here: every page then says that it shows fictional data.
    Cached for a few minutes, so pages pay no query for it."""
    return cache.get_or_set(
        "sinergi:demo-data", lambda: WorkingGroup.objects.filter(is_demo=True).exists(), 300
    )
