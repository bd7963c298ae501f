from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
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
    section, current = current_section(request.path)
    return {
        "languages": languages,
        "oversees": oversees,
        "demo_site": has_demo_data(),
        "nav_section": section,
        "nav_current": current,
    }


# The header's links (templates/base.html), by section, with the URL name each one opens.
NAV_SECTIONS = {
    "home": "portal:home",
    "directory": "portal:directory",
    "activeness": "activeness:national",
    "indicators": "monitoring:dashboard",
    "programmes": "programmes:list",
    "library": "library:library",
    "news": "news:news",
    "groups": "pokja:dashboard",
    "action_items": "meetings:my_action_items",
    "compliance": "portal:compliance",
    "formations": "formation:index",
    "notifications": "notifications:notifications",
    "profile": "accounts:profile",
}


def current_section(path: str) -> tuple[str | None, str | None]:
    """The header link that the page at this path belongs to, and its aria-current value:
    "page" on the link's own page, "true" below it (the link whose address is the longest
    start of the path: a working group's profile /pokja/32.04/ is in the directory /pokja/,
    a news post /berita/4/ in the news). The home page holds only itself."""
    home = reverse(NAV_SECTIONS["home"])
    best, best_url = None, ""
    for section, name in NAV_SECTIONS.items():
        url = reverse(name)
        if path == url:
            return section, "page"
        if url != home and path.startswith(url) and len(url) > len(best_url):
            best, best_url = section, url
    return best, "true" if best else None


def has_demo_data() -> bool:
    """Whether load_demo has run here: every page then says that it shows fictional data.
    Cached for a few minutes, so pages pay no query for it."""
    return cache.get_or_set(
        "sinergi:demo-data", lambda: WorkingGroup.objects.filter(is_demo=True).exists(), 300
    )
