"""Issue 13, item 1: a person shared by several working groups (found again by NIP) is read and
changed only as far as the actor may read and edit all of their groups, and an invitation never
takes over an existing account."""

import io
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sinergi.accounts.models import User
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.pokja.access import can_edit_person, can_read_person_details
from sinergi.pokja.models import Invitation, Membership, Person, Role
from sinergi.pokja.roster_io import COLUMNS
from sinergi.test import BaseTestCase, add_member

NIP_DEDI = "197505052000031001"
SECRET = "rahasia-jabar-2026"


class SharedPersonTestCase(BaseTestCase):
    """Dedi runs the provincial secretariat (the `provincial` persona); Bandung's secretariat
    (`regency`) knows his NIP."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.provincial.set_password(SECRET)
        cls.provincial.save()
        cls.dedi = add_member(
            cls.jabar_group,
            "Dedi Mulyadi",
            "sekretaris",
            nip=NIP_DEDI,
            email="jabar@example.org",
            phone="0811-999-777",
        ).person
        cls.dedi.user = cls.provincial
        cls.dedi.save()

    def add_by_nip(self):
        """The reproduction's first step: Bandung adds Dedi by his NIP."""
        self.client.force_login(self.regency)
        return self.client.post(
            "/pokja/32.04/anggota/tambah/",
            {
                "person-full_name": "Dedi",
                "person-is_civil_servant": "on",
                "person-nip": NIP_DEDI,
                "person-email": "attacker@example.org",
                "person-phone": "0800",
                "m-position": "anggota",
                "m-started_on": "2026-01-05",
            },
        )

    def test_adding_by_nip_links_the_person_but_reveals_and_changes_nothing(self):
        r = self.add_by_nip()
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        self.assertEqual(Person.objects.count(), 1)  # no duplicate
        self.assertTrue(self.bandung_group.memberships.filter(person=self.dedi).exists())
        self.dedi.refresh_from_db()
        self.assertEqual((self.dedi.email, self.dedi.phone), ("jabar@example.org", "0811-999-777"))
        roster = self.client.get("/pokja/32.04/anggota/")
        self.assertContains(roster, "Dedi Mulyadi")
        self.assertNotContains(roster, "jabar@example.org")
        self.assertNotContains(roster, "0811-999-777")
        # Nor to Bandung's members.
        self.client.force_login(self.member)
        roster = self.client.get("/pokja/32.04/anggota/?riwayat=1")
        self.assertNotContains(roster, "jabar@example.org")

    def test_the_roster_export_leaves_out_the_hidden_contact(self):
        self.add_by_nip()
        r = self.client.get("/pokja/32.04/anggota/ekspor.xlsx")
        self.assertEqual(r.status_code, 200)
        cells = {
            str(v) for row in load_workbook(io.BytesIO(r.content)).worksheets[0].values for v in row
        }
        self.assertIn("Dedi Mulyadi", cells)
        self.assertNotIn("jabar@example.org", cells)
        self.assertNotIn("0811-999-777", cells)

    def test_the_api_leaves_out_the_hidden_details(self):
        self.add_by_nip()
        people = {p["full_name"]: p for p in self.client.get("/api/people/").json()["results"]}
        self.assertNotIn("email", people["Dedi Mulyadi"])
        self.assertNotIn("phone", people["Dedi Mulyadi"])
        self.client.force_login(self.provincial)  # reads both of his groups
        people = {p["full_name"]: p for p in self.client.get("/api/people/").json()["results"]}
        self.assertEqual(people["Dedi Mulyadi"]["email"], "jabar@example.org")

    def test_the_person_page_is_read_only_to_bandung(self):
        self.add_by_nip()
        url = f"/pokja/32.04/orang/{self.dedi.pk}/ubah/"
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "jabar@example.org")
        self.assertNotContains(r, 'name="email"')
        r = self.client.post(
            url,
            {"full_name": "Dedi", "is_civil_servant": "on", "email": "attacker@example.org"},
        )
        self.assertEqual(r.status_code, 403)
        self.dedi.refresh_from_db()
        self.assertEqual(self.dedi.email, "jabar@example.org")

    def test_the_roster_import_does_not_change_the_person(self):
        self.add_by_nip()
        values = {
            "full_name": "Dedi Mulyadi",
            "is_civil_servant": "ya",
            "nip": NIP_DEDI,
            "institution_name": "Bappeda Kabupaten Bandung",
            "email": "attacker@example.org",
            "phone": "0800",
            "position": "anggota",
            # The membership added by NIP, again: a second one would overlap it.
            "started_on": "2026-01-05",
        }
        workbook = Workbook()
        workbook.active.append([c.header for c in COLUMNS])
        workbook.active.append([values.get(c.key) for c in COLUMNS])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("a.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        r = self.client.post("/pokja/32.04/anggota/impor/", {"file": upload})
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        self.dedi.refresh_from_db()
        self.assertEqual((self.dedi.email, self.dedi.phone), ("jabar@example.org", "0811-999-777"))

    def test_the_invitation_goes_to_the_account_and_never_sets_its_password(self):
        self.add_by_nip()
        membership = self.bandung_group.memberships.get(person=self.dedi)
        r = self.client.post(
            f"/pokja/32.04/anggota/{membership.pk}/undang/", {"kind": "secretariat"}, follow=True
        )
        self.assertNotContains(r, "jabar@example.org")
        self.assertEqual(mail.outbox[-1].to, ["jabar@example.org"])
        link = re.search(r"http://127.0.0.1:8000(/undangan/\S+/)", mail.outbox[-1].body).group(1)
        # Whoever holds the link is asked to sign in as the account; a password does nothing.
        self.client.logout()
        r = self.client.get(link)
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, 'name="new_password1"')
        r = self.client.post(
            link, {"new_password1": "kuda-lari-99x", "new_password2": "kuda-lari-99x"}
        )
        self.assertEqual(r.status_code, 200)
        self.provincial.refresh_from_db()
        self.assertTrue(self.provincial.check_password(SECRET))
        self.assertFalse(
            Role.objects.filter(user=self.provincial, working_group=self.bandung_group).exists()
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        # Signed in as another account: nothing either.
        self.client.force_login(self.regency)
        self.client.post(link)
        self.assertFalse(
            Role.objects.filter(user=self.provincial, working_group=self.bandung_group).exists()
        )
        # Dedi himself accepts: the role is added, his password unchanged.
        self.client.force_login(self.provincial)
        r = self.client.post(link)
        self.assertRedirects(r, "/pokja/32.04/ruang-kerja/")
        self.assertEqual(
            Role.objects.get(user=self.provincial, working_group=self.bandung_group).kind,
            "secretariat",
        )
        self.provincial.refresh_from_db()
        self.assertTrue(self.provincial.check_password(SECRET))

    def test_an_unlinked_person_with_the_address_of_an_account_cannot_take_it_over(self):
        # Bandung types the provincial account's address for a new person of its own.
        stranger = add_member(self.bandung_group, "Orang Baru", email="JABAR@example.org")
        self.client.force_login(self.regency)
        self.client.post(f"/pokja/32.04/anggota/{stranger.pk}/undang/", {"kind": "member"})
        link = re.search(r"http://127.0.0.1:8000(/undangan/\S+/)", mail.outbox[-1].body).group(1)
        self.client.logout()
        self.client.post(link, {"new_password1": "kuda-lari-99x", "new_password2": "kuda-lari-99x"})
        self.provincial.refresh_from_db()
        self.assertTrue(self.provincial.check_password(SECRET))
        self.assertFalse(self.provincial.roles.filter(working_group=self.bandung_group).exists())

    def test_the_invited_address_must_still_be_the_accounts(self):
        membership = add_member(self.bandung_group, "Dadang", email="dadang@example.org")
        self.client.force_login(self.regency)
        self.client.post(f"/pokja/32.04/anggota/{membership.pk}/undang/", {"kind": "member"})
        link = re.search(r"http://127.0.0.1:8000(/undangan/\S+/)", mail.outbox[-1].body).group(1)
        dadang = User.objects.create_user("lain@example.org", "x-password-1", full_name="Dadang")
        membership.person.user = dadang
        membership.person.save()
        self.client.force_login(dadang)
        self.assertEqual(self.client.get(link).status_code, 404)
        self.client.post(link)
        self.assertFalse(dadang.roles.exists())
        self.assertTrue(Invitation.objects.get().accepted is None)


class PersonRuleTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.local = add_member(cls.bandung_group, "Lokal", email="lokal@example.org").person
        cls.shared = add_member(cls.jabar_group, "Bersama", email="bersama@example.org").person
        Membership.objects.create(
            person=cls.shared,
            working_group=cls.bandung_group,
            position="anggota",
            started_on="2025-01-01",
        )

    def test_who_may_edit_a_person(self):
        self.assertTrue(can_edit_person(self.regency, self.local))
        self.assertFalse(can_edit_person(self.regency, self.shared))
        self.assertFalse(can_edit_person(self.provincial, self.shared))  # may not edit Bandung
        self.assertFalse(can_edit_person(self.provincial, self.local))
        self.assertFalse(can_edit_person(self.member, self.local))
        self.assertFalse(can_edit_person(self.outsider, self.local))
        self.assertTrue(can_edit_person(self.national, self.shared))
        admin = User.objects.create_superuser("admin@example.org", "x-password-1")
        self.assertTrue(can_edit_person(admin, self.shared))

    def test_who_may_read_a_persons_contact(self):
        self.assertTrue(can_read_person_details(self.member, self.local))
        self.assertFalse(can_read_person_details(self.member, self.shared))
        self.assertFalse(can_read_person_details(self.regency, self.shared))
        self.assertTrue(can_read_person_details(self.provincial, self.shared))  # its province
        self.assertFalse(can_read_person_details(self.outsider, self.local))
        self.assertTrue(can_read_person_details(self.national, self.shared))

    def test_a_person_of_ones_own_group_only_is_still_edited(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/pokja/32.04/orang/{self.local.pk}/ubah/",
            {"full_name": "Lokal Baru", "email": "baru@example.org"},
        )
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        self.local.refresh_from_db()
        self.assertEqual(self.local.email, "baru@example.org")
