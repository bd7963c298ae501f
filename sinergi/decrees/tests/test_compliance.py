import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase

YEAR = datetime.timedelta(days=365)


class ComplianceTestCase(BaseTestCase):
    url = "/kepatuhan/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        # Kabupaten Bandung: valid for two years already, no strategic plan yet.
        Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/2024",
            signatory="Bupati Bandung",
            signed_on=today - 2 * YEAR,
            valid_from=today - 2 * YEAR,
            valid_until=today + YEAR,
        )
        # Kabupaten Kupang: its decree ran out.
        Decree.objects.create(
            working_group=cls.kupang_group,
            number="188/2024",
            signatory="Bupati Kupang",
            signed_on=today - 2 * YEAR,
            valid_from=today - 2 * YEAR,
            valid_until=today - YEAR,
        )

    def codes(self, user, query=""):
        self.client.force_login(user)
        r = self.client.get(self.url + query)
        return {item.row.code: item for item in r.context["rows"]}

    def test_a_provincial_secretariat_sees_its_province_only(self):
        rows = self.codes(self.provincial)
        self.assertEqual(set(rows), {"32", "32.04", "32.73"})
        self.assertEqual(rows["32.04"].decree.number, "050/2024")
        self.assertEqual(rows["32.04"].days_left, 365)
        rows = self.codes(self.outsider)
        self.assertEqual(set(rows), {"53", "53.01"})
        self.assertEqual(rows["53.01"].row.status, "expired")

    def test_the_national_secretariat_sees_every_region_and_filters(self):
        self.assertEqual(len(self.codes(self.national)), 5)
        self.assertEqual(set(self.codes(self.national, "?status=expired")), {"53.01"})

    def test_the_year_one_check_flags_a_group_without_strategic_plan(self):
        rows = self.codes(self.provincial)
        self.assertTrue(rows["32.04"].needs_strategic_plan)
        self.assertFalse(rows["32"].needs_strategic_plan)  # no decree yet
        self.bandung_group.strategic_plan_file.save("renstra.pdf", ContentFile(b"%PDF-1.4"))
        self.assertFalse(self.codes(self.provincial)["32.04"].needs_strategic_plan)
        self.bandung_group.strategic_plan_file.delete()

    def test_the_profile_warns_about_the_missing_strategic_plan(self):
        self.assertContains(self.client.get("/pokja/32.04/"), "Renstra")
        self.assertNotContains(self.client.get("/pokja/32/"), "Renstra")  # no decree yet

    def test_export_matches_the_table(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/kepatuhan/ekspor.xlsx")
        sheet = load_workbook(io.BytesIO(r.content)).active
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, ["32", "32.04", "32.73"])

    def test_an_expired_decree_shows_no_negative_days_left(self):
        # Issue 15: "-365 days left" read as a typo; the table and its export say when it ended.
        self.client.force_login(self.outsider)
        page = self.client.get("/en" + self.url)
        self.assertContains(page, "expired 365 days ago")
        self.assertNotContains(page, "-365")
        sheet = load_workbook(
            io.BytesIO(self.client.get("/en/kepatuhan/ekspor.xlsx").content)
        ).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["53.01"][6], "expired 365 days ago")

    def test_only_national_and_provincial_secretariats(self):
        for user in (self.regency, self.member):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.get("/kepatuhan/ekspor.xlsx").status_code, 403)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")

    def test_query_count(self):
        self.client.force_login(self.national)
        with self.assertNumQueries(8):
            self.client.get(self.url)


class StrategicPlanFileTestCase(BaseTestCase):
    def test_the_document_opens_in_scope_only(self):
        self.bandung_group.strategic_plan_file.save("renstra.pdf", ContentFile(b"%PDF-1.4 renstra"))
        url = "/pokja/32.04/renstra/"
        self.client.force_login(self.member)
        r = self.client.get(url)
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.4 renstra")
        self.assertContains(self.client.get("/pokja/32.04/"), url)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.bandung_group.strategic_plan_file.delete()
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 404)
