import datetime

from django.test import override_settings

from sinergi.decrees.models import Decree, LegalStatus, legal_status_of
from sinergi.test import BaseTestCase

D = datetime.date.fromisoformat


class DecreeStatusTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.decree = Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.3-Bappeda/2026",
            signatory="Bupati Bandung",
            signed_on=D("2026-01-02"),
            valid_from=D("2026-01-02"),
            valid_until=D("2026-12-31"),
        )

    def test_a_calendar_year_decree_is_valid_then_expiring_then_expired(self):
        status = self.decree.status_on
        self.assertEqual(status(D("2026-01-01")), Decree.Status.UPCOMING)
        self.assertEqual(status(D("2026-06-15")), Decree.Status.VALID)
        self.assertEqual(status(D("2026-11-01")), Decree.Status.VALID)
        self.assertEqual(status(D("2026-11-02")), Decree.Status.EXPIRING)
        self.assertEqual(status(D("2026-12-31")), Decree.Status.EXPIRING)
        self.assertEqual(status(D("2027-01-01")), Decree.Status.EXPIRED)

    def test_the_working_group_status_follows_its_decrees(self):
        def status(day):
            return legal_status_of(self.bandung_group, D(day))

        self.assertEqual(legal_status_of(self.kupang_group), LegalStatus.FORMING)
        self.assertEqual(status("2026-06-15"), LegalStatus.ACTIVE)
        self.assertEqual(status("2026-11-02"), LegalStatus.EXPIRING)
        self.assertEqual(status("2027-01-01"), LegalStatus.EXPIRED)

    def test_a_recorded_renewal_keeps_the_group_active(self):
        Decree.objects.create(
            working_group=self.bandung_group,
            number="050/Kep.1-Bappeda/2027",
            signatory="Bupati Bandung",
            signed_on=D("2026-12-10"),
            valid_from=D("2027-01-01"),
            valid_until=D("2027-12-31"),
            replaces=self.decree,
        )
        self.assertEqual(legal_status_of(self.bandung_group, D("2026-12-15")), LegalStatus.ACTIVE)
        self.assertEqual(legal_status_of(self.bandung_group, D("2027-01-01")), LegalStatus.ACTIVE)

    @override_settings(DECREE_EXPIRING_DAYS=30)
    def test_the_window_is_configurable(self):
        self.assertEqual(self.decree.status_on(D("2026-11-15")), Decree.Status.VALID)
        self.assertEqual(self.decree.status_on(D("2026-12-02")), Decree.Status.EXPIRING)
