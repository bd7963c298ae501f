"""Phone-first layout (issue 20): no public page is wider than a phone's screen, the header folds
into a "Menu" button on small screens and keeps the main navigation on one line on wide ones,
and the navigation marks the section of the page shown."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import TestCase
from django.utils import translation

from sinergi.portal.context_processors import current_section
from sinergi.tests.test_accessibility import BLOCKING, load_content

PUBLIC_PAGES = [
    "/",
    "/pokja/",
    "/pokja/32.04/",
    "/pokja/32.01/",  # a regency without a working group
    "/keaktifan/",
    "/keaktifan/32/",
    "/pokja/32.04/keaktifan/",
    "/pemantauan/",
    "/pemantauan/32/",
    "/pemantauan/indikator/",
    "/data/",
    "/program/",
    "/pustaka/",
    "/berita/",
    "/halaman/tanya-jawab/",
    "/cari/?q=air",
    "/akun/masuk/",
    "/api/docs/",
    "/wilayah/",
    "/lembaga/",
]
PHONE, SMALL_PHONE, LAPTOP = 375, 320, 1366
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def show_demo_banner():
    """The tests start with the demo banner off (conftest); these pages are checked with it."""
    from django.core.cache import cache

    cache.delete("sinergi:demo-data")


class CurrentSectionTests(TestCase):
    def test_a_sections_own_page_is_the_current_page(self):
        self.assertEqual(current_section("/pokja/"), ("directory", "page"))
        self.assertEqual(current_section("/"), ("home", "page"))

    def test_pages_below_a_section_belong_to_it(self):
        self.assertEqual(current_section("/pokja/32.04/"), ("directory", "true"))
        self.assertEqual(current_section("/berita/4/"), ("news", "true"))
        self.assertEqual(current_section("/pemantauan/indikator/"), ("indicators", "true"))

    def test_pages_outside_the_sections_mark_none_not_the_home_page(self):
        self.assertEqual(current_section("/halaman/tanya-jawab/"), (None, None))
        self.assertEqual(current_section("/cari/"), (None, None))

    def test_the_english_pages_are_marked_too(self):
        with translation.override("en"):
            self.assertEqual(current_section("/en/pustaka/"), ("library", "page"))

    def test_the_header_marks_the_current_section_in_both_languages(self):
        r = self.client.get("/pustaka/")
        self.assertContains(r, '<a href="/pustaka/" aria-current="page">', html=False)
        r = self.client.get("/en/program/")
        self.assertContains(r, '<a href="/en/program/" aria-current="page">', html=False)
        self.assertNotContains(r, '<a href="/en/pustaka/" aria-current')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_public_page_is_wider_than_a_phone_in_either_language(live_server, demo, page):
    from sinergi.news.models import Post

    load_content()
    show_demo_banner()
    paths = PUBLIC_PAGES + [Post.objects.published().first().get_absolute_url()]
    too_wide = []
    for width in (PHONE, SMALL_PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        for prefix in ("", "/en"):
            for path in paths:
                response = page.goto(live_server.url + prefix + path)
                assert response.status == 200, f"{prefix}{path}: {response.status}"
                if (extra := page.evaluate(OVERFLOW)) > 0:
                    too_wide.append(f"{prefix}{path} at {width} px: {extra} px too wide")
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_header_folds_into_a_menu_on_phones_and_marks_the_section(live_server, demo, page):
    show_demo_banner()
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + "/en/pokja/32.04/")
    header = page.locator("header.site-header")
    nav = page.get_by_role("navigation", name="Main")
    menu = page.locator(".menu-button")
    assert menu.is_visible() and not nav.is_visible()
    assert header.bounding_box()["height"] <= 120  # the brand, the button and the demo banner
    assert header.locator(".demo-banner").is_visible()

    menu.click()
    assert nav.is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    directory = nav.get_by_role("link", name="Directory")
    assert directory.get_attribute("aria-current") == "true"  # a profile, in the directory
    directory.click()
    page.wait_for_url(live_server.url + "/en/pokja/")
    page.locator(".menu-button").click()
    assert nav.get_by_role("link", name="Directory").get_attribute("aria-current") == "page"
    assert nav.locator("[aria-current]").count() == 1

    # Wide screens: no button, the navigation on one line.
    page.set_viewport_size({"width": LAPTOP, "height": 800})
    page.goto(live_server.url + "/pokja/")
    assert not page.locator(".menu-button").is_visible()
    nav = page.locator(".main-nav")
    tops = {round(box["y"]) for box in (li.bounding_box() for li in nav.locator("li").all())}
    assert len(tops) == 1, tops
    assert nav.get_by_role("link", name="Direktori").get_attribute("aria-current") == "page"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_directory_shows_status_and_contact_on_a_phone(live_server, demo, page):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + "/en/pokja/?provinsi=32")
    row = page.get_by_role("row").filter(has_text="Kabupaten Bandung").first
    status = row.locator(".badge")
    contact = row.get_by_role("link", name="pokja.3204@demo.sinergi.test")
    for shown in (status, contact):
        shown.scroll_into_view_if_needed()
        box = shown.bounding_box()
        assert shown.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    assert row.get_by_role("cell").count() == 5  # still a table for screen readers


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_and_directory_on_a_phone_have_no_serious_violations(live_server, demo, page):
    load_content()
    show_demo_banner()
    page.set_viewport_size({"width": PHONE, "height": 800})
    for path in ("/", "/pokja/", "/en/", "/en/pokja/"):
        page.goto(live_server.url + path)
        page.locator(".menu-button").click()  # open, so that axe checks the navigation too
        violations = Axe().run(page).response["violations"]
        problems = [
            f"{v['id']}: {v['help']} — {[node['html'] for node in v['nodes'][:3]]}"
            for v in violations
            if v["impact"] in BLOCKING
        ]
        assert not problems, f"{path}:\n" + "\n".join(problems)
        outside = [node["target"] for v in violations if v["id"] == "region" for node in v["nodes"]]
        assert not outside, f"{path}: content outside landmarks: {outside}"
