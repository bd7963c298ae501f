import re
from decimal import Decimal
from xml.etree import ElementTree

from django.test import SimpleTestCase

from sinergi.monitoring import charts

SVG = "{http://www.w3.org/2000/svg}"


def chart(**options):
    defaults = {
        "chart_id": "tren-am-layak",
        "title": "Akses air minum layak",
        "description": "Nilai per tahun.",
        "label": lambda value: f"{value:.2f}%",
    }
    points = options.pop("points", [("2021", Decimal("80")), ("2022", Decimal("85.5"))])
    return charts.line_chart(points, **(defaults | options))


class LineChartTestCase(SimpleTestCase):
    def test_it_is_an_image_with_a_title_and_a_description(self):
        svg = ElementTree.fromstring(chart())
        self.assertEqual(svg.get("role"), "img")
        self.assertEqual(svg.get("viewBox"), "0 0 360 190")
        self.assertIsNone(svg.get("width"))
        self.assertEqual(svg.get("aria-labelledby"), "tren-am-layak-title")
        self.assertEqual(svg.get("aria-describedby"), "tren-am-layak-desc")
        self.assertEqual(svg.find(f"{SVG}title").text, "Akses air minum layak")
        self.assertEqual(svg.find(f"{SVG}title").get("id"), "tren-am-layak-title")
        self.assertEqual(svg.find(f"{SVG}desc").text, "Nilai per tahun.")

    def test_it_escapes_every_text(self):
        svg = chart(
            title='<script>alert("x")</script> & co',
            description="a < b",
            points=[("<2021>", Decimal(1))],
            target=(Decimal(2), "Target & <b>"),
            label=lambda value: f"{value}<%>",
        )
        self.assertNotIn("<script>", svg)
        self.assertNotIn("<b>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("&amp; co", svg)
        texts = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]
        self.assertIn("<2021>", texts)
        self.assertIn("Target & <b>", texts)

    def test_it_loads_nothing_from_elsewhere(self):
        svg = chart(target=(Decimal(100), "Target 2024: 100%"))
        self.assertEqual(re.findall(r"https?://[^\"]*", svg), ["http://www.w3.org/2000/svg"])
        self.assertNotIn("font-family", svg)
        self.assertNotIn("href", svg)

    def test_it_draws_the_values_and_the_target(self):
        svg = ElementTree.fromstring(chart(target=(Decimal(100), "Target 2024: 100%")))
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        self.assertIn("80.00%", texts)
        self.assertIn("85.50%", texts)
        self.assertIn("Target 2024: 100%", texts)
        self.assertEqual(len(list(svg.iter(f"{SVG}circle"))), 2)
        self.assertEqual(svg.find(f"{SVG}line[@class='chart-target']").get("y1"), "22")

    def test_a_missing_year_breaks_the_line(self):
        points = [("2021", Decimal(1)), ("2022", Decimal(2)), ("2023", None), ("2024", Decimal(3))]
        svg = ElementTree.fromstring(chart(points=points))
        lines = svg.findall(f"{SVG}polyline")
        self.assertEqual([len(line.get("points").split()) for line in lines], [2])
        self.assertEqual(len(svg.findall(f"{SVG}circle")), 3)

    def test_the_axis_stays_within_its_limits(self):
        svg = chart(
            points=[("2023", Decimal("99")), ("2024", Decimal("100"))],
            limits=(0, 100),
            tick_label=lambda value: f"{value:g}",
        )
        ticks = [
            t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text") if t.get("x") == "38"
        ]
        self.assertEqual(ticks[-1], "100")
        self.assertTrue(all(float(tick) <= 100 for tick in ticks))


class NiceBoundsTestCase(SimpleTestCase):
    def test_round_steps(self):
        self.assertEqual(charts.nice_bounds(87.03, 100), (85, 100, 5))
        self.assertEqual(charts.nice_bounds(4.22, 5.71), (4.0, 6.0, 0.5))
        self.assertEqual(charts.nice_bounds(0, 0), (-1.0, 1.0, 0.5))
        self.assertEqual(charts.nice_bounds(-5, 101, limits=(0, 100)), (0, 100, 50))


class BarTestCase(SimpleTestCase):
    def test_its_length_is_its_share_of_the_maximum(self):
        svg = ElementTree.fromstring(charts.bar(Decimal("25"), 100))
        self.assertEqual(svg.get("aria-hidden"), "true")
        fill = svg.find(f"{SVG}rect[@class='chart-bar-fill']")
        self.assertEqual(fill.get("width"), "30")

    def test_it_is_clamped_and_empty_without_a_value(self):
        width = lambda svg: ElementTree.fromstring(svg)[1].get("width")  # noqa: E731
        self.assertEqual(width(charts.bar(Decimal(150), 100)), "120")
        self.assertEqual(width(charts.bar(Decimal(-1), 100)), "0")
        self.assertEqual(width(charts.bar(None, 100)), "0")
        self.assertEqual(width(charts.bar(Decimal(5), 0)), "0")
