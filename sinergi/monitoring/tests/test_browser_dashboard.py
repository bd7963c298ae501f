"""The national and provincial dashboards in Debian's chromium, on the demo data."""

from urllib.parse import urlparse

import pytest

from sinergi.monitoring import demo as monitoring_demo
from sinergi.monitoring.reference import load_catalogue


def _is_local(url, base):
    return url.startswith("data:") or urlparse(url).netloc == urlparse(base).netloc


@pytest.mark.browser
def test_the_dashboard_draws_its_charts_and_map_and_speaks_english(live_server, demo, page):
    # The demo's indicator values need the catalogue (both idempotent).
    load_catalogue()
    monitoring_demo.load_demo()
    errors, outside = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: _is_local(r.url, live_server.url) or outside.append(r.url))

    page.goto(live_server.url + "/pemantauan/")
    assert page.get_by_role("heading", name="Akses air minum layak").is_visible()
    assert page.get_by_role("img", name="Akses air minum layak").first.is_visible()
    shapes = page.locator("#indicator-map path.leaflet-interactive")
    shapes.first.wait_for()
    assert shapes.count() == 38
    legend = page.locator(".indicator-map-legend")
    assert legend.is_visible()
    assert "Akses air minum layak, 2024" in legend.inner_text()
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "Badan Informasi Geospasial" in attribution
    # The table stays beside the map: one row per province.
    assert page.locator(".ranking-table tbody tr").count() == 38

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/pemantauan/")
    assert page.get_by_role("heading", name="Access to adequate drinking water").is_visible()
    assert page.get_by_role("heading", name="Open defecation").is_visible()
    page.locator("#indicator-map path.leaflet-interactive").first.wait_for()

    page.get_by_role("link", name="Jawa Barat").first.click()
    page.wait_for_url(live_server.url + "/en/pemantauan/32/*")
    page.locator("#indicator-map path.leaflet-interactive").first.wait_for()
    # Jawa Barat's 18 kabupaten and 9 kota, and no circle: all 27 have a shape.
    assert page.locator("#indicator-map path.leaflet-interactive").count() == 27
    assert errors == []
    assert outside == []
