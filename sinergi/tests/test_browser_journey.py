"""A visitor's first journey, in Debian's chromium driven by Playwright."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_switches_to_english_signs_in_and_sees_their_pokja(live_server, demo, page):
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
    assert page.get_by_role("link", name="Edit the profile").is_visible()
    assert "Secretariat" in page.locator("table").inner_text()
