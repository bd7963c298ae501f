from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from sinergi.decrees.compliance import compliance_scope


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
    return {"languages": languages, "oversees": oversees}
