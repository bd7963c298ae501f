import datetime
import io
from decimal import Decimal

import docx

from sinergi.monitoring.tests.base import indicator
from sinergi.planning import documents
from sinergi.planning.actions import do_adopt_plan
from sinergi.planning.models import Goal, PlanTarget, StrategicPlan, Strategy
from sinergi.test import BaseTestCase


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, a line each."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


class PlanDocumentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator(
            "am-layak", "Akses air minum layak", "Access to adequate drinking water", order=1
        )
        cls.utility = indicator(
            "am-pdam",
            "Rumah tangga terlayani PDAM",
            "Households served by a water utility",
            unit="rumah_tangga",
            aggregation="jumlah",
            denominator_label="",
            order=2,
        )
        cls.plan = StrategicPlan.objects.create(
            working_group=cls.bandung_group,
            title="Renstra AMPL Kabupaten Bandung 2025–2029",
            start_year=2025,
            end_year=2029,
            vision="Terwujudnya air minum dan sanitasi aman bagi seluruh masyarakat.",
            mission="Memperluas layanan air minum perpipaan.\nMenuntaskan BABS.",
        )
        water = Goal.objects.create(plan=cls.plan, number=1, text="Akses air minum aman")
        Strategy.objects.create(goal=water, text="Perluasan jaringan Perumda Tirta Raharja")
        Strategy.objects.create(goal=water, text="Penguatan KP-SPAMS & BUMDes <desa>")
        sanitation = Goal.objects.create(plan=cls.plan, number=2, text="Sanitasi aman\x0b")
        Strategy.objects.create(goal=sanitation, text="Layanan lumpur tinja terjadwal")
        for ind, year, value in [
            (cls.water, 2025, "93"),
            (cls.water, 2029, "97.5"),
            (cls.utility, 2027, "150000"),
        ]:
            PlanTarget.objects.create(plan=cls.plan, indicator=ind, year=year, value=Decimal(value))
        cls.url = f"/pokja/32.04/renstra/rencana/{cls.plan.pk}/dokumen"

    def test_the_docx_holds_the_goals_strategies_and_targets(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url + ".docx")
        self.assertEqual(r["Content-Type"], documents.DOCX_CONTENT_TYPE)
        self.assertIn(
            'attachment; filename="renstra-32.04-2025-2029.docx"', r["Content-Disposition"]
        )
        self.assertIn("no-cache", r["Cache-Control"])
        text = docx_text(r.content)
        for expected in [
            "RENCANA STRATEGIS",
            "POKJA AMPL KABUPATEN BANDUNG",
            "TAHUN 2025–2029",
            "Rancangan",
            "Terwujudnya air minum dan sanitasi aman",
            "1. Memperluas layanan air minum perpipaan.",
            "2. Menuntaskan BABS.",
            "Tujuan 1: Akses air minum aman",
            "Strategi 1.1: Perluasan jaringan Perumda Tirta Raharja",
            "Strategi 1.2: Penguatan KP-SPAMS & BUMDes <desa>",
            "Tujuan 2: Sanitasi aman",
            "Strategi 2.1: Layanan lumpur tinja terjadwal",
            "No | Indikator | Satuan | 2025 | 2026 | 2027 | 2028 | 2029",
            "1 | Akses air minum layak | persen | 93 |  |  |  | 97,5",
            "2 | Rumah tangga terlayani PDAM | rumah tangga |  |  | 150.000 |  | ",
        ]:
            with self.subTest(expected=expected):
                self.assertIn(expected, text)

    def test_the_document_is_indonesian_whatever_the_language_of_the_page(self):
        self.client.force_login(self.regency)
        text = docx_text(self.client.get("/en" + self.url + ".docx").content)
        self.assertIn("Akses air minum layak | persen", text)
        self.assertNotIn("percent", text)

    def test_an_adopted_plan_names_its_adopting_document(self):
        do_adopt_plan(self.plan, datetime.date(2025, 4, 14), "Perbup Bandung Nomor 27 Tahun 2025")
        text = docx_text(documents.render_docx(self.plan))
        self.assertIn(
            "Ditetapkan dengan Perbup Bandung Nomor 27 Tahun 2025, tanggal 14 April", text
        )

    def test_the_pdf_is_a_pdf(self):
        self.client.force_login(self.provincial)
        r = self.client.get(self.url + ".pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))

    def test_the_same_plan_gives_the_same_bytes(self):
        for render in [documents.render_docx, documents.render_pdf]:
            with self.subTest(render=render.__name__):
                self.assertEqual(render(self.plan), render(self.plan))

    def test_an_empty_plan_still_makes_documents(self):
        plan = StrategicPlan.objects.create(
            working_group=self.bandung_group, title="Kosong", start_year=2030, end_year=2030
        )
        self.assertIn("IV. TARGET INDIKATOR", docx_text(documents.render_docx(plan)))
        self.assertTrue(documents.render_pdf(plan).startswith(b"%PDF"))

    def test_other_formats_are_not_found(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.url + ".odt").status_code, 404)

    def test_the_document_takes_a_fixed_number_of_queries(self):
        plan = StrategicPlan.objects.select_related("working_group").get(pk=self.plan.pk)
        # goals, strategies, targets with their indicators
        with self.assertNumQueries(3):
            documents.render_docx(plan)
