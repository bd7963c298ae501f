import os

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords properly is slow on purpose; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
