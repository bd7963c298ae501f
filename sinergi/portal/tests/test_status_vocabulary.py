"""One vocabulary of legal status (docs/glossary.md): the counts of the home page, the directory and
the compliance overview add up, every count links to a list of exactly that many rows, each status
has its own marker and readable colours, and the legal status is never called "active"."""

import datetime
import html
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils import timezone, translation

from sinergi.decrees.models import Decree, LegalStatus
from sinergi.portal.directory import directory, status_counts
from sinergi.test import BaseTestCase

CSS = Path(settings.BASE_DIR) / "static" / "css" / "sinergi.css"
# [provinces, kabupaten/kota, all] of the fixture below.
EXPECTED = {
    "regions": [2, 3, 5],
    "group": [2, 2, 4],
    "valid": [1, 1, 2],
    "expiring": [1, 0, 1],
    "expired": [0, 1, 1],
    "forming": [1, 0, 1],
    "none": [0, 1, 1],
}
ANCHOR = re.compile(r'<a href="([^"]+)">(.*?)</a>', re.S)


def decree(group, number, start, end):
    return Decree.objects.create(
        working_group=group,
        number=number,
        signatory="Bupati",
        signed_on=start,
        valid_from=start,
        valid_until=end,
    )


def summary_fragment(content: str) -> str:
    """The status summary block (portal/_status_summary.html) of a page."""
    table = content.index('<table class="status-summary">')
    start = content.rindex('<ul class="cards">', 0, table)
    return content[start : content.index("</table>", table)]


def linked_counts(content: str) -> list[tuple[str, int]]:
    """Every (address, number) the status summary of a page links."""
    found = []
    for href, text in ANCHOR.findall(summary_fragment(content)):
        number = re.search(r"\d[\d.,]*", re.sub(r"<[^>]+>", "", text)).group()
        found.append((html.unescape(href), int(re.sub(r"[.,]", "", number))))
    return found


def channel(hex_pair: str) -> float:
    c = int(hex_pair, 16) / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class StatusVocabularyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        year = datetime.timedelta(days=365)
        decree(cls.bandung_group, "050/2026", today - year / 2, today + year / 2)  # valid
        decree(cls.kupang_group, "188/2024", today - 2 * year, today - year)  # expired
        # Valid, but ending within the reminder period.
        decree(cls.jabar_group, "061/2026", today - year / 2, today + datetime.timedelta(days=10))
        # Nusa Tenggara Timur's group has no decree (in formation), Kota Bandung no group.

    def setUp(self):
        cache.clear()  # the home page caches its figures

    def test_the_counts_add_up_on_the_home_page_and_the_directory(self):
        for url in ["/", "/pokja/", "/en/", "/en/pokja/"]:
            with self.subTest(url=url):
                summary = self.client.get(url).context["status_summary"]
                counts = {line.value: [c.count for c in line.cells] for line in summary["lines"]}
                counts["regions"] = [c.count for c in summary["regions"]]
                self.assertEqual(counts, EXPECTED)
                for column in range(3):
                    has_group = counts["group"][column]
                    self.assertEqual(counts["regions"][column], has_group + counts["none"][column])
                    parts = ("valid", "expired", "forming")
                    self.assertEqual(has_group, sum(counts[p][column] for p in parts))
                    self.assertLessEqual(counts["expiring"][column], counts["valid"][column])

    def test_every_count_links_to_a_list_of_exactly_that_many_rows(self):
        pages = ["/", "/pokja/", "/en/pokja/", "/pokja/?provinsi=32", "/pokja/?status=expired"]
        for page in pages:
            links = linked_counts(self.client.get(page).content.decode())
            # 2 cards, 6 lines and the total, each in 3 columns.
            self.assertEqual(len(links), 2 + 7 * 3, page)
            for url, count in links:
                with self.subTest(page=page, url=url):
                    self.assertEqual(len(self.client.get(url).context["rows"]), count)

    def test_the_compliance_overview_counts_and_links_the_same_way(self):
        self.client.force_login(self.national)
        links = linked_counts(self.client.get("/kepatuhan/").content.decode())
        self.assertEqual(len(links), 2 + 7 * 3)
        for url, count in links:
            with self.subTest(url=url):
                self.assertTrue(url.startswith("/kepatuhan/"))
                self.assertEqual(len(self.client.get(url).context["rows"]), count)
        summary = self.client.get("/kepatuhan/?status=valid").context["summary"]
        self.assertEqual([c.count for c in summary["by_value"]["group"].cells], [2, 2, 4])

    def test_a_filtered_list_keeps_the_whole_summary(self):
        # Clicking a status used to turn the cards into "0 / 0 provinces".
        r = self.client.get("/pokja/?status=active")
        self.assertEqual([row.code for row in r.context["rows"]], ["32.04"])
        group = r.context["status_summary"]["by_value"]["group"]
        self.assertEqual([c.count for c in group.cells], [2, 2, 4])
        self.assertContains(r, '<span class="stat">2 / 2</span>', html=True)

    def test_the_directory_filter_selects_what_the_summary_counts(self):
        _form, rows = directory()
        counts = status_counts(rows)
        for value, numbers in EXPECTED.items():
            status = "" if value == "regions" else value
            for column, level in enumerate(["provinsi", "kabkota", ""]):
                query = QueryDict(mutable=True)
                query.update({"status": status, "tingkat": level})
                with self.subTest(status=status, level=level):
                    self.assertEqual(len(directory(query)[1]), numbers[column])
                    self.assertEqual(counts[value][column], numbers[column])

    def test_each_status_has_its_own_marker_and_readable_colours(self):
        css = CSS.read_text()
        section = css[css.index("/* Legal status") :]
        markers, backgrounds = {}, {}
        for status in LegalStatus:
            with self.subTest(status=status.value):
                badge = rf"\.badge\.status-{status.value}"
                rule = re.search(badge + r" \{([^}]*)\}", section).group(1)
                background = re.search(r"background: (#[0-9a-f]{6})", rule).group(1)
                colour = re.search(r"(?<!-)color: (#[0-9a-f]{6})", rule).group(1)
                self.assertGreaterEqual(contrast(colour, background), 4.5)
                self.assertGreaterEqual(contrast(colour, "#ffffff"), 4.5)
                marker = re.search(badge + r'::before \{ content: "([^"\\]+)', section).group(1)
                markers[status.value] = marker
                backgrounds[status.value] = background
        self.assertEqual(len(set(markers.values())), len(LegalStatus), markers)
        self.assertEqual(len(set(backgrounds.values())), len(LegalStatus), backgrounds)

    def test_the_directory_badges_carry_the_status_class(self):
        r = self.client.get("/en/pokja/")
        for status in ["expiring", "active", "none"]:  # 32, 32.04, 32.73
            self.assertContains(
                r,
                f'<span class="badge status-{status}">{LegalStatus(status).label}</span>',
                html=True,
            )

    def test_the_legal_status_is_never_called_active(self):
        active = re.compile(r"\b(aktif|active)\b", re.I)
        for language in ["en", "id"]:
            with self.subTest(language=language), translation.override(language):
                for status in LegalStatus:
                    self.assertNotRegex(str(status.label), active)
                prefix = "/en" if language == "en" else ""
                for url in [f"{prefix}/", f"{prefix}/pokja/"]:
                    content = self.client.get(url).content.decode()
                    text = re.sub(r"<[^>]+>", " ", summary_fragment(content))
                    self.assertNotRegex(text, active)
                    if url.endswith("/pokja/"):  # a row of each status
                        for status in LegalStatus:
                            self.assertIn(html.escape(str(status.label)), content)

    def test_the_english_pages_use_the_vocabulary(self):
        r = self.client.get("/en/pokja/")
        for text in ["Has a working group", "Valid decree (including ending soon)"]:
            self.assertContains(r, f">{text}<")  # the filter's options and the summary
        self.assertContains(r, "Valid decree, ending soon")
        self.assertNotContains(r, ">Active<")

    def test_the_map_legend_uses_the_same_labels(self):
        for language, url in [("en", "/en/pokja/"), ("id", "/pokja/")]:
            content = self.client.get(url).content.decode()
            raw = re.search(r"data-i18n='([^']*)'", content).group(1)
            legend = json.loads(html.unescape(raw))
            with translation.override(language):
                for status in LegalStatus:
                    self.assertEqual(legend[status.value], str(status.label))
            data = self.client.get(f"{url}peta.json").json()["regions"]
            with translation.override(language):
                self.assertEqual(data["32.04"]["status_label"], str(LegalStatus.ACTIVE.label))

    def test_an_older_link_to_the_active_status_still_filters(self):
        r = self.client.get("/en/pokja/?status=active")
        self.assertEqual([row.code for row in r.context["rows"]], ["32.04"])
        self.assertContains(r, '<option value="active" selected>Valid decree</option>', html=True)
        self.assertNotContains(self.client.get("/en/pokja/"), '<option value="active"')
        r = self.client.get("/pokja/?status=aktif")  # unknown: ignored, the whole list
        self.assertEqual(len(r.context["rows"]), 5)
