from decimal import Decimal

from django.contrib.messages import get_messages

from sinergi.planning.models import QuarterReport, Spending
from sinergi.planning.tests.base import WorkPlanTestCase

D = Decimal


class RealisationTestCase(WorkPlanTestCase):
    url = "/pokja/32.04/rkt/2025/kegiatan/1/realisasi/"

    def snapshot(self):
        return (
            list(QuarterReport.objects.values_list("activity", "quarter", "physical_progress")),
            list(Spending.objects.values_list("report__quarter", "source", "amount")),
        )

    def stored(self):
        return {
            report.quarter: (
                report.physical_progress,
                dict(report.spending.values_list("source", "amount")),
                report.note,
            )
            for report in QuarterReport.objects.filter(activity=self.spam)
        }

    def messages(self, response):
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_access(self):
        self.assert_access(
            self.url,
            editors=[self.regency],
            readers=[self.member, self.provincial, self.national],
            outsiders=[self.outsider],
        )
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"q1_progress": "10"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(QuarterReport.objects.exists())
        self.client.force_login(self.regency)
        self.assertEqual(
            self.client.get("/pokja/32.04/rkt/2025/kegiatan/9/realisasi/").status_code, 404
        )

    def test_the_form_asks_for_the_sources_of_the_budget_only(self):
        self.client.force_login(self.regency)
        r = self.client.get("/en" + self.url)
        self.assertContains(r, 'name="q1_apbd_kabkota"')
        self.assertContains(r, 'name="q4_csr"')
        self.assertNotContains(r, 'name="q1_apbn"')
        # The budget of each source beside its inputs, in the notation they are typed in.
        self.assertContains(r, '<td class="num">1.250.000.000,50</td>', html=True)

    def test_a_quarter_is_saved_and_shown_again(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {
                "q1_progress": "25,5",
                "q1_apbd_kabkota": "300.000.000",
                "q1_dak_fisik": "1.000.000.000,25",
                "q1_csr": "",
                "q1_note": "Pengadaan pipa selesai",
            },
        )
        self.assertRedirects(r, "/pokja/32.04/rkt/2025/")
        self.assertEqual(
            self.stored(),
            {
                1: (
                    D("25.5"),
                    {"apbd_kabkota": D("300000000"), "dak_fisik": D("1000000000.25")},
                    "Pengadaan pipa selesai",
                )
            },
        )
        r = self.client.get(self.url)
        self.assertContains(r, 'name="q1_progress" value="25,50"')
        self.assertContains(r, 'name="q1_dak_fisik" value="1.000.000.000,25"')

    def test_later_quarters_change_add_and_clear(self):
        self.report(self.spam, 1, "20", apbd_kabkota="100", csr="50")
        self.report(self.spam, 2, "30", apbd_kabkota="100")
        self.client.force_login(self.regency)
        data = {
            "q1_progress": "20",
            "q1_apbd_kabkota": "150",
            "q1_csr": "",
            "q3_progress": "100",
            "q3_dak_fisik": "70",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertEqual(
            self.stored(),
            {1: (D(20), {"apbd_kabkota": D(150)}, ""), 3: (D(100), {"dak_fisik": D(70)}, "")},
        )

    def test_progress_is_cumulative_and_bounded_and_nothing_is_half_written(self):
        self.report(self.spam, 1, "40", apbd_kabkota="100")
        before = self.snapshot()
        self.client.force_login(self.regency)
        for data, message in [
            ({"q1_progress": "40", "q2_progress": "30"}, "cannot be lower than in quarter 1"),
            ({"q1_progress": "101"}, "At most 100"),
            ({"q1_progress": "-1"}, "cannot be negative"),
            ({"q1_progress": "40", "q2_progress": "45.5"}, "is ambiguous"),
            ({"q1_progress": "40", "q2_dak_fisik": "5000"}, "Give the physical progress"),
            ({"q1_progress": "50", "q2_progress": "60", "q2_csr": "sepuluh"}, "is not a number"),
        ]:
            with self.subTest(data):
                r = self.client.post("/en" + self.url, data)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
                self.assertContains(r, "Nothing has been saved")
        self.assertEqual(self.snapshot(), before)

    def test_spending_beyond_the_budget_is_saved_with_a_warning(self):
        self.client.force_login(self.regency)
        data = {
            "q1_progress": "50",
            "q1_csr": "200.000.000",
            "q2_progress": "60",
            "q2_csr": "100.000.000",
        }
        r = self.client.post("/en" + self.url, data)
        self.assertEqual(r.status_code, 302)
        (warning, saved) = self.messages(r)
        self.assertIn("Spending from CSR (Rp 300.000.000) exceeds its budget", warning)
        self.assertIn("(Rp 250.000.000,25)", warning)
        self.assertIn("has been saved", saved)
        self.assertEqual(Spending.objects.filter(source="csr").count(), 2)
