import os
import tempfile
from io import StringIO

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords properly is slow on purpose; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of tests go to a throwaway folder, never into var/.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="sinergi-test-media-")
    # One process's own cache (settings.py, CACHE=memory): a query count is the page's own, not
    # the database cache's. sinergi/tests/test_shared_cache.py runs the database cache itself.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium; without it they skip, unless CI demands them."""
    if os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        return
    if os.environ.get("SINERGI_BROWSER_TESTS") == "required":
        raise pytest.UsageError("Browser tests are required but chromium is not installed.")
    skip = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def page():
    """A page of Debian's chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain
    # synchronous test set-up, so Django's async guard is lifted for the browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(transactional_db):
    """The demo data (regions down to kabupaten/kota), for journeys through the live server."""
    from django.core.management import call_command

    from sinergi.regions.actions import do_load_regions

    do_load_regions(max_level=2)
    call_command("load_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def _no_demo_banner_query():
    """Pages ask once per few minutes whether demo data exists (cached); tests start with the
    answer "no" so that query counts do not depend on which test ran first."""
    from django.core.cache import cache

    from sinergi.lib import cache as shared_cache

    cache.clear()  # also the API throttles' and rate limits' counts of earlier tests
    shared_cache.forget_pending()  # topics an earlier test invalidated (lib/cache.py)
    cache.set("sinergi:demo-data", False)
    yield
    cache.delete("sinergi:demo-data")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request under /en/ leaves English active in
    the test's thread, which would otherwise leak into the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
