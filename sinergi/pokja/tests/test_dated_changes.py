"""A change of position, field or institution takes effect from a date (issue 15, item 5): the
membership a decree appointed is never edited in place, the roster of an earlier date keeps the
old position, and the person's access continues without a gap."""

import datetime
from io import StringIO

from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.knowledge.models import Article
from sinergi.pokja import actions
from sinergi.pokja.access import scope_of
from sinergi.pokja.models import Institution, Membership, Role
from sinergi.regions.actions import do_load_regions
from sinergi.test import BaseTestCase, add_member

D = datetime.date
TODAY = timezone.localdate()


class DatedChangeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dinas = Institution.objects.create(
            name="Dinas Perumahan dan Permukiman",
            category=Institution.Category.AGENCY,
            region=cls.kab_bandung,
        )
        cls.dadang = add_member(
            cls.bandung_group,
            "Dadang Suherman",
            field="air_minum",
            duties="Mewakili Disperkim.",
            institution=cls.bappeda,
            is_knowledge_holder=True,
        )
        cls.decree = Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.12-Bappeda/2024",
            signed_on=D(2024, 1, 10),
            signatory="Bupati Bandung",
            valid_from=D(2024, 1, 1),
            valid_until=D(2024, 12, 31),
        )
        cls.decree.set_appointments([cls.dadang])

    def change_url(self, membership):
        return f"/en/pokja/32.04/anggota/{membership.pk}/ubah-jabatan/"

    def change(self, membership, **changes):
        data = {
            "starts_on": "2025-07-01",
            "position": "koordinator_bidang",
            "field": "air_minum",
            "institution": self.bappeda.pk,
        }
        data.update(changes)
        return self.client.post(self.change_url(membership), data)


class EditInPlaceTestCase(DatedChangeTestCase):
    def test_a_decree_appointed_membership_keeps_its_position_on_edit(self):
        # The reproduction: the edit form changed the position in place, so the signed decree
        # and the roster of an earlier date showed the new one.
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/en/pokja/32.04/anggota/{self.dadang.pk}/ubah/",
            {
                "m-position": "ketua",
                "m-field": "air_limbah",
                "m-institution": self.dinas.pk,
                "m-duties": "Mewakili Disperkim dalam bidang air minum.",
                "m-started_on": "2024-01-01",
            },
        )
        self.assertEqual(r.status_code, 302)
        self.dadang.refresh_from_db()
        self.assertEqual(
            (self.dadang.position, self.dadang.field, self.dadang.institution),
            ("anggota", "air_minum", self.bappeda),
        )
        # What is not fixed by the decree is still corrected in place.
        self.assertEqual(self.dadang.duties, "Mewakili Disperkim dalam bidang air minum.")
        roster = self.client.get("/en/pokja/32.04/anggota/?tanggal=2024-06-01")
        self.assertContains(roster, "<td>Member</td>", html=False)

    def test_the_edit_form_disables_the_fixed_fields_and_links_the_dated_change(self):
        self.client.force_login(self.regency)
        r = self.client.get(f"/en/pokja/32.04/anggota/{self.dadang.pk}/ubah/")
        self.assertContains(r, "A decree appointed this membership")
        self.assertContains(r, self.change_url(self.dadang))
        fields = r.context["membership_form"].fields
        self.assertEqual(
            {name for name, field in fields.items() if field.disabled},
            {"position", "field", "institution"},
        )

    def test_a_membership_no_decree_appointed_is_corrected_in_place_with_history(self):
        siti = add_member(self.bandung_group, "Siti Rahmawati", started_on="2025-02-01")
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/en/pokja/32.04/anggota/{siti.pk}/ubah/",
            {"m-position": "bendahara", "m-started_on": "2025-02-01"},
        )
        self.assertEqual(r.status_code, 302)
        siti.refresh_from_db()
        self.assertEqual(siti.position, "bendahara")
        entry = LogEntry.objects.get_for_object(siti).get(action=LogEntry.Action.UPDATE)
        self.assertEqual(entry.actor, self.regency)
        self.assertEqual(entry.changes_dict["position"], ["anggota", "bendahara"])
        page = self.client.get(f"/en/pokja/32.04/anggota/{siti.pk}/ubah/")
        self.assertContains(page, "History of changes")
        self.assertContains(page, "Treasurer")


class ChangePositionTestCase(DatedChangeTestCase):
    def test_the_change_ends_one_membership_and_starts_the_next(self):
        self.client.force_login(self.regency)
        r = self.change(self.dadang, institution=self.dinas.pk)
        self.assertRedirects(r, "/en/pokja/32.04/anggota/", fetch_redirect_response=False)
        self.dadang.refresh_from_db()
        self.assertEqual(
            (self.dadang.position, self.dadang.ended_on, self.dadang.end_reason),
            ("anggota", D(2025, 6, 30), Membership.EndReason.POSITION_CHANGE),
        )
        new = self.dadang.person.memberships.get(ended_on__isnull=True)
        self.assertEqual(
            (new.position, new.field, new.institution, new.started_on),
            ("koordinator_bidang", "air_minum", self.dinas, D(2025, 7, 1)),
        )
        self.assertEqual((new.duties, new.is_knowledge_holder), ("Mewakili Disperkim.", True))
        # No handover: the person stays.
        self.assertFalse(hasattr(self.dadang, "handover_out"))

    def test_the_roster_of_an_earlier_date_shows_the_old_position(self):
        actions.do_change_position(self.dadang, D(2025, 7, 1), "koordinator_bidang", "air_minum")
        self.client.force_login(self.member)
        before = self.client.get("/en/pokja/32.04/anggota/?tanggal=2025-06-30")
        self.assertContains(before, "<td>Member</td>", html=False)
        self.assertNotContains(before, "Field coordinator")
        after = self.client.get("/en/pokja/32.04/anggota/?tanggal=2025-07-01")
        self.assertContains(after, "<td>Field coordinator</td>", html=False)
        history = self.client.get("/en/pokja/32.04/anggota/?riwayat=1")
        self.assertContains(history, "Change of position")

    def test_what_the_decree_recorded_stays(self):
        actions.do_change_position(self.dadang, D(2025, 7, 1), "koordinator_bidang", "air_minum")
        self.assertEqual(
            [a.position for a in self.decree.appointments.all()], [Membership.Position.MEMBER]
        )

    def test_access_continues_without_a_gap(self):
        self.dadang.person.user = self.regency
        self.dadang.person.save()
        role = Role.objects.get(user=self.regency, working_group=self.bandung_group)
        ahead = TODAY + datetime.timedelta(days=10)
        actions.do_change_position(self.dadang, ahead, "ketua", "")
        role.refresh_from_db()
        self.assertEqual(
            (role.kind, role.starts_on, role.ends_on), (Role.Kind.SECRETARIAT, None, None)
        )
        for day in (ahead - datetime.timedelta(days=1), ahead):
            self.assertTrue(Role.objects.in_force(day).filter(pk=role.pk).exists())
        self.regency.refresh_from_db()
        self.assertTrue(scope_of(self.regency).can_edit(self.bandung_group))

    def test_the_articles_a_steward_keeps_follow_the_new_membership(self):
        article = Article.objects.create(
            working_group=self.bandung_group, title="Data SPAM", body="…", steward=self.dadang
        )
        new = actions.do_change_position(self.dadang, D(2025, 7, 1), "ketua", "")
        article.refresh_from_db()
        self.assertEqual(article.steward, new)

    def test_it_refuses_a_start_on_or_before_the_current_one(self):
        self.client.force_login(self.regency)
        r = self.change(self.dadang, starts_on="2024-01-01")
        self.assertContains(r, "The new position must start after 1 January 2024")
        self.assertEqual(self.dadang.person.memberships.count(), 1)

    def test_it_refuses_a_change_that_changes_nothing(self):
        self.client.force_login(self.regency)
        r = self.change(self.dadang, position="anggota")
        self.assertContains(r, "nothing changes")
        self.assertEqual(self.dadang.person.memberships.count(), 1)

    def test_an_ended_membership_has_no_change_page(self):
        self.dadang.ended_on, self.dadang.end_reason = D(2024, 12, 31), "lainnya"
        self.dadang.save()
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.change_url(self.dadang)).status_code, 404)

    def test_a_second_click_changes_nothing_more(self):
        self.client.force_login(self.regency)
        self.change(self.dadang)
        r = self.change(self.dadang)
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.dadang.person.memberships.count(), 2)

    def test_ending_a_membership_does_not_offer_a_change_of_position(self):
        self.client.force_login(self.regency)
        r = self.client.get(f"/en/pokja/32.04/anggota/{self.dadang.pk}/akhiri/")
        self.assertNotContains(r, "perubahan_jabatan")

    def test_the_roster_links_the_change(self):
        self.client.force_login(self.regency)
        r = self.client.get("/en/pokja/32.04/anggota/")
        self.assertContains(r, self.change_url(self.dadang))

    def test_access(self):
        url = self.change_url(self.dadang)
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.change(self.dadang).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
        self.assertEqual(self.dadang.person.memberships.count(), 1)


class DemoTestCase(TestCase):
    def test_the_demo_shows_a_change_of_position_in_the_history(self):
        do_load_regions(max_level=2)
        call_command("load_demo", stdout=StringIO())
        dadang = Membership.objects.filter(
            working_group__region__code="32.04", person__full_name="Ir. Dadang Suherman"
        )
        earlier, current = dadang.order_by("started_on")
        self.assertEqual(
            (earlier.position, earlier.ended_on, earlier.end_reason),
            ("anggota", D(2026, 6, 30), Membership.EndReason.POSITION_CHANGE),
        )
        self.assertEqual(
            (current.position, current.field, current.started_on, current.ended_on),
            ("koordinator_bidang", "air_minum", D(2026, 7, 1), None),
        )
