"""The directory map coloured by activeness index, in Debian's chromium."""

import pytest


@pytest.mark.browser
def test_the_map_switches_to_the_activeness_index(live_server, demo, page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/pokja/?provinsi=32")
    page.locator("#coverage-map path.leaflet-interactive").first.wait_for()
    legend = page.locator(".map-legend")
    assert "Status hukum kelompok kerja" in legend.inner_text()
    container = page.locator("#coverage-map")
    assert container.get_attribute("data-mode") == "status"

    page.get_by_role("radio", name="Indeks keaktifan").check()
    assert container.get_attribute("data-mode") == "activeness"
    text = legend.inner_text()
    assert "Indeks keaktifan" in text
    assert "75–100" in text and "0–24" in text
    assert "Belum ada Pokja (tanpa indeks)" in text

    page.get_by_role("radio", name="Status hukum").check()
    assert "SK berlaku" in page.locator(".map-legend").inner_text()
    # Without the map the table carries the index, linked to each breakdown.
    link = page.locator('a[href="/pokja/32.04/keaktifan/"]').first
    assert link.is_visible()
    link.click()
    page.wait_for_url(live_server.url + "/pokja/32.04/keaktifan/")
    assert page.locator("#activeness-total").is_visible()
    assert errors == []


@pytest.mark.browser
def test_the_activeness_pages_have_no_serious_accessibility_violations(live_server, demo, page):
    from axe_playwright_python.sync_playwright import Axe

    for path in ("/keaktifan/", "/keaktifan/32/", "/pokja/32.04/keaktifan/", "/en/keaktifan/"):
        page.goto(live_server.url + path)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not violations, f"{path}:\n" + "\n".join(violations)
