from django.urls import NoReverseMatch, reverse

from sinergi.monitoring.models import Indicator
from sinergi.monitoring.tests.base import DRAFT, MonitoringTestCase, indicator, value


class CatalogueTestCase(MonitoringTestCase):
    def test_a_visitor_sees_every_public_indicator_by_sector_in_indonesian(self):
        r = self.client.get("/pemantauan/indikator/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            [(label, [i.code for i in items]) for label, items in r.context["sectors"]],
            [
                (Indicator.Sector.WATER.label, ["am-layak"]),
                (Indicator.Sector.SANITATION.label, ["san-babs"]),
            ],
        )
        self.assertContains(r, "Akses air minum layak")
        self.assertContains(r, "Persentase rumah tangga dengan akses air minum layak.")
        self.assertNotContains(r, "Share of households with adequate drinking water.")

    def test_it_reads_in_english(self):
        r = self.client.get("/en/pemantauan/indikator/")
        self.assertContains(r, "Open data: indicator catalogue")
        self.assertContains(r, "Access to adequate drinking water")
        self.assertContains(r, "Share of households with adequate drinking water.")
        self.assertContains(r, "sum of numerators over sum of denominators")
        self.assertContains(r, "lower is better")
        self.assertNotContains(r, "Persentase rumah tangga")

    def test_an_english_definition_that_is_missing_falls_back_to_indonesian(self):
        self.babs.definition_id = "Persentase rumah tangga yang BABS."
        self.babs.save(update_fields=["definition_id"])
        self.assertContains(
            self.client.get("/en/pemantauan/indikator/"),
            '<p lang="id">Persentase rumah tangga yang BABS.</p>',
        )

    def test_it_gives_the_years_with_verified_data(self):
        value(self.babs, self.bogor, 2021, 1, 10, status=DRAFT)
        r = self.client.get("/en/pemantauan/indikator/")
        years = {i.code: i.year_span for _, items in r.context["sectors"] for i in items}
        self.assertEqual(years, {"am-layak": "2023–2024", "san-babs": "2024"})

    def test_it_hides_indicators_that_are_not_public(self):
        indicator("internal", "Indikator internal", "Internal indicator", is_public=False)
        self.client.force_login(self.national)
        self.assertNotContains(self.client.get("/en/pemantauan/indikator/"), "Internal indicator")

    def test_it_links_to_the_dashboard_the_export_and_the_api(self):
        r = self.client.get("/pemantauan/indikator/")
        self.assertContains(r, 'href="/pemantauan/?indikator=am-layak#peringkat"')
        self.assertContains(r, 'href="/api/"')
        try:
            export = reverse("monitoring:data_export", args=["csv"])
        except NoReverseMatch:  # the export is written separately; the page works without it
            return
        self.assertContains(r, f'href="{export}?indikator=am-layak"')

    def test_query_count_does_not_grow_with_indicators(self):
        with self.assertNumQueries(2):
            self.client.get("/pemantauan/indikator/")
        for n in range(5):
            value(indicator(f"extra-{n}", f"Tambahan {n}", f"Extra {n}"), self.bogor, 2024, 1, 2)
        with self.assertNumQueries(2):
            self.client.get("/pemantauan/indikator/")
