from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.utils import timezone

from sinergi.monitoring.models import Indicator, Target
from sinergi.monitoring.reference import load_catalogue
from sinergi.test import BaseTestCase


class TargetsTestCase(BaseTestCase):
    url = "/en/pokja/32.04/target/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.utility = Indicator.objects.get(code="am-pdam")
        cls.year = timezone.localdate().year
        cls.target = Target.objects.create(
            indicator=cls.water, region=cls.kab_bandung, year=cls.year, value=95
        )

    def name(self, indicator, year):
        return f"t-{indicator.pk}-{year}"

    def test_a_secretariat_sets_targets_for_the_next_years(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual(r.context["years"], list(range(self.year, self.year + 5)))
        field = self.name(self.water, self.year)
        self.assertContains(r, f'<label for="{field}" class="visually-hidden">')
        self.assertContains(r, f'name="{field}" value="95"')
        data = {
            field: "97,5",
            self.name(self.water, self.year + 1): "100",
            self.name(self.utility, self.year + 4): "300000",
            self.name(self.utility, self.year): "",
            "basis": "Renstra AMPL 2025–2029",
        }
        r = self.client.post(self.url, data)
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        message = str(list(get_messages(r.wsgi_request))[-1])
        self.assertIn("Created: 2, changed: 1, removed: 0", message)
        self.target.refresh_from_db()
        self.assertEqual(
            (self.target.value, self.target.basis), (Decimal("97.5"), "Renstra AMPL 2025–2029")
        )
        self.assertEqual(
            Target.objects.get(indicator=self.utility, year=self.year + 4).value, 300000
        )
        self.assertTrue(LogEntry.objects.get_for_object(self.target).exists())

        r = self.client.post(self.url, data)
        message = str(list(get_messages(r.wsgi_request))[-1])
        self.assertIn("Created: 0, changed: 0, removed: 0", message)

    def test_an_emptied_cell_removes_its_target(self):
        self.client.force_login(self.provincial)  # its province's data
        r = self.client.post(self.url, {self.name(self.water, self.year): ""})
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.assertFalse(Target.objects.filter(region=self.kab_bandung).exists())

    def test_bad_targets_save_nothing_and_are_shown_at_their_cell(self):
        self.client.force_login(self.regency)
        bad = self.name(self.water, self.year + 1)
        data = {
            self.name(self.water, self.year): "96",
            bad: "120",  # a percentage
            self.name(self.utility, self.year): "banyak",
        }
        r = self.client.post(self.url, data)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["error_count"], 2)
        self.assertContains(r, f'aria-invalid="true" aria-describedby="{bad}-error"')
        self.assertContains(r, "A target of this indicator is at most 100.")
        self.assertContains(r, 'value="banyak"')
        self.target.refresh_from_db()
        self.assertEqual(self.target.value, 95)
        self.assertEqual(Target.objects.filter(region=self.kab_bandung).count(), 1)

    def test_access(self):
        data = {self.name(self.water, self.year): "99"}
        for user, read, write in [
            (self.regency, 200, 302),
            (self.provincial, 200, 302),
            (self.member, 200, 403),  # reads the targets, changes nothing
            (self.outsider, 404, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                r = self.client.get(self.url)
                self.assertEqual(r.status_code, read)
                if read == 200:
                    self.assertEqual(r.context["can_edit"], write == 302)
                self.assertEqual(self.client.post(self.url, data).status_code, write)
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(self.url), 'name="t-')
        self.client.logout()
        r = self.client.get("/pokja/32.04/target/")
        self.assertRedirects(r, "/akun/masuk/?next=/pokja/32.04/target/")

    def test_the_page_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.member)
        self.client.get(self.url)
        # session, user, group, roles, indicators, targets, unread notifications
        with self.assertNumQueries(7):
            self.client.get(self.url)
