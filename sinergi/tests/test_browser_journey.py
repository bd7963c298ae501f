"""A visitor's first journey, in Debian's chromium driven by Playwright."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

from sinergi.regions.actions import do_load_regions

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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_switches_to_english_signs_in_and_sees_their_pokja(live_server, page):
    do_load_regions(max_level=2)
    call_command("load_demo", stdout=StringIO())

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kelompok kerja")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail").fill("kabbandung@demo.sinergi.test")
    page.get_by_label("Password").fill("demo-sinergi")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(live_server.url + "/en/dasbor/")
    assert page.get_by_role("heading", level=1).inner_text() == "My working groups"
    page.get_by_role("link", name="Pokja AMPL Kabupaten Bandung").click()
    page.wait_for_url(live_server.url + "/en/pokja/32.04/ruang-kerja/")
    assert page.get_by_role("link", name="Edit the working group").is_visible()
    assert "Secretariat" in page.locator("table").inner_text()
