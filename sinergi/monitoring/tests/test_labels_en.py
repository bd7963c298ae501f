"""The catalogue in English names what a percentage's numerator and denominator count in
English (issue 20: /en/data/ kept the Indonesian names)."""

from sinergi.monitoring.models import Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.test import BaseTestCase


class EnglishLabelsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()

    def test_the_english_catalogue_names_numerators_and_denominators_in_english(self):
        english = self.client.get("/en/pemantauan/indikator/")
        self.assertContains(english, "households with adequate drinking water / all households")
        self.assertNotContains(english, "rumah tangga dengan akses air minum layak")
        indonesian = self.client.get("/pemantauan/indikator/")
        self.assertContains(
            indonesian, "rumah tangga dengan akses air minum layak / seluruh rumah tangga"
        )

    def test_an_indicator_without_english_labels_shows_the_indonesian_ones(self):
        Indicator.objects.filter(code="am-layak").update(numerator_label_en="")
        english = self.client.get("/en/pemantauan/indikator/")
        self.assertContains(english, "rumah tangga dengan akses air minum layak / all households")

    def test_the_api_gives_both(self):
        data = self.client.get("/api/indicators/am-layak/").json()
        self.assertEqual(data["numerator_label"], "rumah tangga dengan akses air minum layak")
        self.assertEqual(data["numerator_label_en"], "households with adequate drinking water")
