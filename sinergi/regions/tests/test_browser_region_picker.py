"""The region picker in Debian's chromium: a secretariat types a few letters of a village and
chooses it from the suggestions, by keyboard on the facility form and by pointer in the
programme form's list of locations (issue 15 item 12)."""

import pytest

from sinergi.facilities.models import Facility
from sinergi.tests.test_accessibility import blocking_violations

CINUNUK = "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2004)"


def sign_in(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


@pytest.mark.browser
def test_secretariat_picks_a_village_from_the_suggestions(live_server, demo, page):
    base = live_server.url
    sign_in(page, base, "kabbandung@demo.sinergi.test")

    page.goto(base + "/pokja/32.04/sarana/tambah/")
    page.select_option("[name=kind]", Facility.Kind.HYDRANT)
    page.fill("[name=name]", "Hidran Umum Dusun Sukasari")
    village = page.locator("[name=village]")
    village.press_sequentially("cinu", delay=50)
    option = page.get_by_role("option", name=CINUNUK)
    option.wait_for()
    assert village.get_attribute("aria-expanded") == "true"
    village.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert village.get_attribute("aria-activedescendant") == option.get_attribute("id")
    problems = blocking_violations(page)
    assert not problems, "\n".join(problems)
    village.press("Enter")
    assert village.input_value() == CINUNUK
    assert village.get_attribute("aria-expanded") == "false"
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(base + "/pokja/32.04/sarana/*/")
    assert Facility.objects.get(name="Hidran Umum Dusun Sukasari").village.code == "32.04.05.2004"

    page.goto(base + "/pokja/32.04/program/baru/")
    search = page.locator("#id_location_codes-search")
    search.press_sequentially("Cimek", delay=50)
    page.get_by_role("option", name="Cimekar — Kec. Cileunyi, Kab. Bandung (32.04.05.2003)").click()
    search.press_sequentially("cinunuk", delay=50)
    page.get_by_role("option", name=CINUNUK).click()
    assert page.locator("[name=location_codes]").input_value() == (
        "Cimekar — Kec. Cileunyi, Kab. Bandung (32.04.05.2003)\n" + CINUNUK
    )
    assert search.input_value() == ""
