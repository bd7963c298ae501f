"""Indonesian is the default language and English is complete: every source string has a
translation in both, and the committed .mo files match the .po files."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_string_is_translated_and_compiled(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], f"untranslated in {language}: {missing}"

    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        e.msgid
        for e in po
        if not e.msgid_plural
        and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
        != e.msgstr
    ]
    assert stale == [], f"django.mo is older than django.po in {language}: run make messages"
