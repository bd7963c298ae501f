"""Issue 15, item 2: the draft decree offers the years that make sense, next year first once the
decree in force is expiring, and lists the roster of the decree's first day."""

import datetime

from django.utils import timezone

from sinergi.decrees import drafts
from sinergi.decrees.models import Decree
from sinergi.decrees.views_drafts import draft_years
from sinergi.test import BaseTestCase, add_member

DECEMBER = datetime.date(2026, 12, 5)


def decree(group, valid_from, valid_until, number="1/2026"):
    return Decree.objects.create(
        working_group=group,
        number=number,
        signed_on=valid_from,
        signatory="Bupati Bandung",
        valid_from=valid_from,
        valid_until=valid_until,
    )


class DraftYearsTestCase(BaseTestCase):
    def names(self, context):
        return sorted(row["name"] for row in context["members"])

    def test_next_years_draft_lists_the_roster_of_1_january(self):
        decree(self.bandung_group, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        leaving = add_member(self.bandung_group, "Pergi Akhir Tahun", started_on="2024-01-01")
        leaving.ended_on, leaving.end_reason = datetime.date(2026, 12, 31), "mutasi"
        leaving.save()
        add_member(self.bandung_group, "Mulai Satu Januari", started_on="2027-01-01")
        add_member(self.bandung_group, "Tetap", started_on="2024-01-01")
        add_member(self.bandung_group, "Mulai Februari", started_on="2027-02-01")
        context = drafts.draft_context(self.bandung_group, DECEMBER, 2027)
        self.assertEqual(self.names(context), ["Mulai Satu Januari", "Tetap"])
        self.assertEqual(context["valid_from"], "1 Januari 2027")
        self.assertEqual(context["valid_until"], "31 Desember 2027")

    def test_a_decree_running_into_the_year_moves_the_first_day(self):
        decree(self.bandung_group, datetime.date(2026, 7, 1), datetime.date(2027, 6, 30))
        add_member(self.bandung_group, "Mulai Juli", started_on="2027-07-01")
        context = drafts.draft_context(self.bandung_group, DECEMBER, 2027)
        self.assertEqual(context["valid_from"], "1 Juli 2027")
        self.assertEqual(self.names(context), ["Mulai Juli"])

    def test_this_years_draft_never_starts_in_the_past(self):
        context = drafts.draft_context(self.bandung_group, DECEMBER, 2026)
        self.assertEqual(context["valid_from"], "5 Desember 2026")

    def test_the_default_year(self):
        group = self.bandung_group
        self.assertEqual(draft_years(group, DECEMBER), ([2026, 2027], 2026))  # no decree
        current = decree(group, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        self.assertEqual(draft_years(group, DECEMBER)[1], 2027)  # expiring
        self.assertEqual(draft_years(group, datetime.date(2026, 6, 1))[1], 2026)  # valid
        current.valid_until = datetime.date(2026, 11, 30)
        current.save()
        self.assertEqual(draft_years(group, DECEMBER)[1], 2026)  # expired

    def test_the_list_offers_the_years_as_links_default_first(self):
        today = timezone.localdate()
        decree(
            self.bandung_group,
            today - datetime.timedelta(days=300),
            today + datetime.timedelta(days=10),
        )
        default = max((today + datetime.timedelta(days=11)).year, today.year)
        other = today.year + 1 if default == today.year else today.year
        self.client.force_login(self.regency)
        page = self.client.get("/pokja/32.04/sk/").content.decode()
        first = page.index(f"rancangan.docx?tahun={default}")
        self.assertLess(first, page.index(f"rancangan.docx?tahun={other}"))
        response = self.client.get(f"/pokja/32.04/sk/rancangan.docx?tahun={default}")
        self.assertEqual(response.status_code, 200)
        # Last year makes no sense for a decree to come.
        response = self.client.get(f"/pokja/32.04/sk/rancangan.docx?tahun={today.year - 1}")
        self.assertEqual(response.status_code, 404)

    def test_readers_see_no_draft_links(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get("/pokja/32.04/sk/"), "rancangan.docx")
