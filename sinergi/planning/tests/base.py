"""Kabupaten Bandung's 2025 work plan, shared by the planning tests. No tests here."""

from decimal import Decimal

from sinergi.planning.models import Activity, BudgetLine, QuarterReport, Spending, WorkPlan
from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase

D = Decimal


class WorkPlanTestCase(BaseTestCase):
    """Kabupaten Bandung's 2025 plan with two activities; 2025 is over, so the summary counts
    every unfinished activity as late."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.health = cls.institution("Dinas Kesehatan Kabupaten Bandung")
        cls.plan = WorkPlan.objects.create(working_group=cls.bandung_group, year=2025)
        cls.spam = cls.activity(
            "Pembangunan SPAM perdesaan di Desa Cinunuk",
            "air_minum",
            {"apbd_kabkota": "1250000000.50", "dak_fisik": "3000000000", "csr": "250000000.25"},
            institution=cls.bappeda,
            location=cls.cinunuk,
            end_quarter=3,
        )
        cls.stbm = cls.activity(
            "Pemicuan STBM di 12 desa",
            "higiene_stbm",
            {"dana_desa": "125000000", "swadaya": "99999999.99"},
            institution=cls.health,
            end_quarter=4,
        )

    @classmethod
    def institution(cls, name, region=None):
        return Institution.objects.create(
            name=name, category=Institution.Category.AGENCY, region=region or cls.kab_bandung
        )

    @classmethod
    def activity(cls, name, sector, lines, plan=None, **fields):
        plan = plan or cls.plan
        fields.setdefault("location", cls.kab_bandung)
        activity = Activity.objects.create(
            work_plan=plan,
            number=plan.activities.count() + 1,
            name=name,
            sector=sector,
            **fields,
        )
        for source, amount in lines.items():
            BudgetLine.objects.create(activity=activity, source=source, amount=D(amount))
        return activity

    @staticmethod
    def report(activity, quarter, progress, **spent):
        report = QuarterReport.objects.create(
            activity=activity, quarter=quarter, physical_progress=D(progress)
        )
        for source, amount in spent.items():
            Spending.objects.create(report=report, source=source, amount=D(amount))
        return report

    def assert_access(self, url, editors=(), readers=(), outsiders=(), read_only_status=403):
        """Editors get 200, readers `read_only_status`, outsiders 404, visitors the sign-in."""
        for user in editors:
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 200, user)
        for user in readers:
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, read_only_status, user)
        for user in outsiders:
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)
        self.client.logout()
        self.assertRedirects(
            self.client.get(url), f"/akun/masuk/?next={url}", fetch_redirect_response=False
        )
