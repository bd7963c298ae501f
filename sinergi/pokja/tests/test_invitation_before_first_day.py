"""Issue 15: a successor invited ahead of their first day who accepts at once was welcomed with
"page not found" (their role starts on the first day). They land on the dashboard, told the
day their access starts."""

import datetime

from django.core import mail
from django.utils import timezone

from sinergi.pokja.actions import do_invite
from sinergi.pokja.models import Role
from sinergi.test import BaseTestCase, add_member


class InvitationBeforeFirstDayTestCase(BaseTestCase):
    def accept(self, started_on):
        membership = add_member(
            self.bandung_group,
            "Rudi Hartono",
            "sekretaris",
            started_on.isoformat(),
            email="rudi@example.org",
        )
        do_invite(membership.person, self.bandung_group, Role.Kind.SECRETARIAT, self.regency, "")
        token = mail.outbox[-1].body.split("/undangan/")[1].split("/")[0]
        password = {"new_password1": "Sanitasi-Bandung-27", "new_password2": "Sanitasi-Bandung-27"}
        return self.client.post(f"/en/undangan/{token}/", password, follow=True)

    def test_a_successor_who_accepts_early_is_told_when_access_starts(self):
        first_day = timezone.localdate() + datetime.timedelta(days=10)
        response = self.accept(first_day)
        self.assertRedirects(response, "/en/dasbor/")
        day = f"{first_day.day} {first_day:%B} {first_day.year}"
        self.assertContains(
            response, f"Your access to Pokja AMPL Kabupaten Bandung starts on {day}."
        )

    def test_a_member_who_starts_today_goes_to_the_workspace(self):
        response = self.accept(timezone.localdate())
        self.assertRedirects(response, "/en/pokja/32.04/ruang-kerja/")
        self.assertContains(response, "Welcome to Sinergi.")
