"""A kabupaten secretariat records a facility found not working, in Debian's chromium."""

from decimal import Decimal

import pytest

from sinergi.facilities import demo as facilities_demo
from sinergi.facilities.models import Facility


def sign_in(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def working_share(page) -> Decimal:
    return Decimal(page.locator("#working-share").get_attribute("data-percent"))


def marker_fill(page, facility):
    page.wait_for_selector("#facility-map[data-ready=true]")
    return page.locator(f"path.facility-{facility.pk}").get_attribute("fill")


@pytest.mark.browser
def test_secretariat_records_a_failure_and_the_share_and_map_follow(live_server, demo, page):
    facilities_demo.load_demo()  # idempotent, whether or not load_demo already ran it
    facility = Facility.objects.get(name="SPAM Perdesaan Desa Cimekar")
    base = live_server.url
    sign_in(page, base, "kabbandung@demo.sinergi.test")

    page.goto(base + "/pokja/32.04/sarana/")
    before = working_share(page)
    assert marker_fill(page, facility) == "#1e6b34"

    page.locator("#facilities").get_by_role("link", name=facility.name).click()
    page.wait_for_url(f"{base}/pokja/32.04/sarana/{facility.pk}/")
    page.locator("#id_status").select_option("tidak_berfungsi")
    page.locator("#id_problem").fill("Pompa submersible terbakar; warga kembali ke sumur gali.")
    page.locator("#save-inspection").click()
    page.wait_for_url(f"{base}/pokja/32.04/sarana/{facility.pk}/")
    assert page.locator("#facility-status").get_attribute("class").endswith("tidak_berfungsi")

    page.goto(base + "/pokja/32.04/sarana/")
    assert working_share(page) < before
    assert marker_fill(page, facility) == "#a4262c"
    row = page.locator("#facilities tr").filter(has_text=facility.name)
    assert row.get_attribute("data-status") == "tidak_berfungsi"
    page.locator("#facility-map").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/facilities-map.png", full_page=True)
