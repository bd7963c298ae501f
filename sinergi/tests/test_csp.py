"""Content-Security-Policy and Permissions-Policy.

Every script and style comes from a static file, so the policy forbids inline code: a template
that needs `<script>…</script>`, `style="…"` or `onclick="…"` fails here, every response carries
both headers, and the pages load in chromium without a single violation.
"""

import re

import pytest
from django.conf import settings
from django.test import TestCase

from sinergi.meetings.models import Meeting
from sinergi.test import BaseTestCase

TEMPLATE_DIRS = [
    settings.BASE_DIR / "templates",
    *(settings.BASE_DIR / "sinergi").glob("*/templates"),
]

# What a strict policy blocks in a template's source. A <script> with src= is a file; one of
# type application/json (json_script) is data, never run.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: address": re.compile(r"javascript:", re.I),
}


def template_files():
    for directory in TEMPLATE_DIRS:
        yield from (path for path in directory.rglob("*") if path.suffix in (".html", ".svg"))


def test_no_template_holds_inline_script_style_or_event_handlers():
    found = []
    for path in template_files():
        text = path.read_text()
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert found == []


def test_the_grep_catches_what_it_must():
    bad = [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        '<button onclick="go()">',
        "<style>p{}</style>",
        '<a href="javascript:go()">',
    ]
    good = [
        '<script src="/static/js/map.js" defer></script>',
        '<script type="application/json" id="data">{}</script>',
        '<p class="online">one=1</p>',
    ]
    assert all(any(p.search(text) for p in INLINE.values()) for text in bad)
    assert not any(p.search(text) for p in INLINE.values() for text in good)


def assert_policies(response):
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy, (response.request["PATH_INFO"], policy)
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, (response.request["PATH_INFO"], permissions)


class HeadersTests(BaseTestCase):
    PUBLIC = [
        "/",
        "/en/",
        "/pokja/",
        "/pokja/32.04/",
        "/pemantauan/",
        "/keaktifan/",
        "/cari/?q=air",
        "/akun/masuk/",
        "/api/",
        "/api/docs/",
        "/halaman/tidak-ada/",  # a 404 page
        "/admin/login/",
    ]
    SIGNED_IN = [
        "/dasbor/",
        "/pokja/32.04/ruang-kerja/",
        "/pokja/32.04/anggota/",
        "/pokja/32.04/rapat/",
        "/pokja/32.04/rapat/baru/",
        "/pokja/32.04/rapat/kalender/",
    ]

    def test_every_page_carries_both_policies(self):
        for path in self.PUBLIC:
            with self.subTest(path=path):
                assert_policies(self.client.get(path))
        self.client.force_login(self.regency)
        for path in self.SIGNED_IN:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                assert_policies(response)

    def test_a_redirect_and_a_file_carry_them_too(self):
        assert_policies(self.client.get("/pokja/32.04/ruang-kerja/"))  # to sign-in
        assert_policies(self.client.get("/pokja/ekspor.csv"))

    def test_the_api_docs_allow_only_what_swagger_ui_needs(self):
        response = self.client.get("/api/docs/explorer/")
        self.assertEqual(response.status_code, 200)
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("img-src 'self' data:", policy)
        self.assertNotContains(response, "<style")
        self.assertNotRegex(response.content.decode(), r"<script>")
        script = self.client.get("/api/docs/explorer/?script=")
        self.assertEqual(script.status_code, 200)
        self.assertIn("SwaggerUIBundle", script.content.decode())

    def test_the_browsable_api_allows_style_attributes_only(self):
        """DRF's own templates set a few style attributes; nothing else inline is allowed."""
        response = self.client.get("/api/regions/", HTTP_ACCEPT="text/html")
        self.assertEqual(response.status_code, 200)
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("style-src-attr 'unsafe-inline'", policy)
        self.assertEqual(policy.count("unsafe-inline"), 1)
        self.assertIn("script-src 'self';", policy)
        self.assertNotContains(response, "<style")


class ServerErrorPageTests(TestCase):
    def test_the_500_page_needs_no_inline_style(self):
        text = (settings.BASE_DIR / "templates" / "500.html").read_text()
        self.assertNotIn("<style", text)
        self.assertNotIn("style=", text)


# The browser check: pages a visitor and a secretariat reach, loaded in chromium with a listener
# that records every securitypolicyviolation event before any script of the page runs.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""

VISITOR_PAGES = [
    "/",
    "/en/",
    "/pokja/",
    "/pokja/?provinsi=32",
    "/pokja/32.04/",
    "/pemantauan/",
    "/pemantauan/32/",
    "/keaktifan/",
    "/data/",
    "/program/",
    "/pustaka/",
    "/berita/",
    "/halaman/tanya-jawab/",
    "/cari/?q=air+minum",
    "/akun/masuk/",
    "/api/docs/",
    "/api/docs/explorer/",
    "/api/",
    "/api/regions/?level=1",
    "/admin/login/",
]
SECRETARIAT_PAGES = [
    "/dasbor/",
    "/pokja/32.04/ruang-kerja/",
    "/pokja/32.04/anggota/",
    "/pokja/32.04/sarana/",
    "/pokja/32.04/rapat/",
    "/pokja/32.04/rapat/baru/",
    "/pokja/32.04/rapat/kalender/",
    "/pokja/32.04/rkt/",
    "/pokja/32.04/data/",
    "/pokja/32.04/pembentukan/",
    "/pemantauan/32.04/",
    "/kepatuhan/",
    "/akun/profil/",
    "/api/docs/",
    "/api/docs/explorer/",
    "/api/working-groups/",
]


# What scripts draw on some pages: seeing it proves their scripts ran under the policy.
DRAWN = {
    "/pokja/": "#coverage-map path.leaflet-interactive",
    "/pemantauan/": "#indicator-map path.leaflet-interactive",
    "/pokja/32.04/sarana/": "#facility-map[data-ready=true]",
    "/api/docs/explorer/": "#swagger-ui .opblock",
}


def visit(page, base, path, problems):
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if path in DRAWN:
        page.locator(DRAWN[path]).first.wait_for()
    url = base + path
    for violation in page.evaluate("window.__csp"):
        problems.append(f"{url}: {violation}")


@pytest.mark.browser
def test_pages_load_without_a_policy_violation(live_server, demo, page):
    base = live_server.url
    problems = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and ("Content Security Policy" in message.text or "Permissions-Policy" in message.text)
            and problems.append(f"{page.url}: console: {message.text}")
        ),
    )
    for path in VISITOR_PAGES:
        visit(page, base, path, problems)

    page.goto(base + "/akun/masuk/")
    page.get_by_label("E-mail").fill("kabbandung@demo.sinergi.test")
    page.get_by_label("Kata sandi").fill("demo-sinergi")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")
    meeting = Meeting.objects.filter(working_group__region__code="32.04").first()
    group_pages = [f"/pokja/32.04/rapat/{meeting.pk}/"] if meeting else []
    for path in SECRETARIAT_PAGES + group_pages:
        visit(page, base, path, problems)
    assert problems == []
