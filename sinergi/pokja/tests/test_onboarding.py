"""Onboarding the real network (issue 20 item 6): the directory import, the bulk invitation of
the secretariats, access requests, and `create_national_admin`."""

import datetime
import re
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.decrees.models import Decree
from sinergi.formation.directory_io import COLUMNS, normalise_phone
from sinergi.lib import spreadsheets
from sinergi.pokja.models import AccessRequest, Invitation, Membership, Role, WorkingGroup
from sinergi.pokja.onboarding import make_national_secretariat
from sinergi.pokja.reference import NATIONAL_SECRETARIAT_GROUP, load_reference
from sinergi.regions.actions import do_load_regions
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, add_member

HEADERS = [c.header for c in COLUMNS]
IMPORT = reverse("formation:directory_import")
INVITE = reverse("pokja:invite_secretariats")


def row(code, name="", kind="Pokja AMPL", number="", dates=("", "", ""), **cells):
    """A row of the directory file in the order of COLUMNS."""
    values = {
        "region_code": code,
        "region_name": cells.pop("region_name", ""),
        "name": name,
        "kind": kind,
        "decree_number": number,
        "signed_on": dates[0],
        "valid_from": dates[1],
        "valid_until": dates[2],
        "signatory": cells.pop("signatory", ""),
        "address": cells.pop("address", ""),
        "contact_name": cells.pop("contact_name", ""),
        "contact_job_title": cells.pop("contact_job_title", ""),
        "email": cells.pop("email", ""),
        "phone": cells.pop("phone", ""),
    }
    assert not cells, cells
    return [values[c.key] for c in COLUMNS]


def xlsx(rows, name="direktori.xlsx"):
    content = spreadsheets.workbook_bytes("Direktori", HEADERS, rows)
    return SimpleUploadedFile(name, content)


DATES = ("02/01/2026", "01/01/2026", "31/12/2026")


class ImportMixin:
    def upload(self, rows):
        return self.client.post(IMPORT, {"file": xlsx(rows)})

    def confirm(self, preview):
        token = preview.context["token"]
        self.assertTrue(token)
        return self.client.post(IMPORT, {"token": token})


class DirectoryImportTestCase(ImportMixin, BaseTestCase):
    def rows(self):
        return [
            # Kota Bandung has no working group: registered, with its decree and contact.
            row(
                "32.73",
                "Pokja AMPL Kota Bandung",
                number="050/Kep.12-Bappeda/2026",
                dates=DATES,
                address="Jl. Wastukencana 2, Bandung",
                contact_name="Rudi Hartono",
                contact_job_title="Kepala Bidang Infrastruktur",
                email="pokja@bandungkota.go.id",
                phone="+62 22-423 4567",
            ),
            # Kabupaten Bandung exists: its kind and e-mail change, its decree is recorded.
            row(
                "32.04",
                "Pokja AMPL Kabupaten Bandung",
                kind="Pokja PPAS",
                number="660/Kep.3/2026",
                dates=DATES,
                region_name="kabupaten  bandung",
                contact_name="Yuli Astuti",
                email="pokja@bandungkab.go.id",
            ),
        ]

    def setUp(self):
        self.client.force_login(self.national)

    def test_it_previews_then_applies_and_the_same_file_changes_nothing(self):
        preview = self.upload(self.rows())
        self.assertTemplateUsed(preview, "formation/directory_preview.html")
        self.assertEqual(len(preview.context["preview"].created), 1)
        self.assertEqual(len(preview.context["preview"].updated), 1)
        self.assertFalse(WorkingGroup.objects.filter(region__code="32.73").exists())

        response = self.confirm(preview)
        self.assertRedirects(response, INVITE)
        kota = WorkingGroup.objects.get(region__code="32.73")
        self.assertEqual(
            (kota.name, kota.kind, kota.email, kota.phone, kota.secretariat_address),
            (
                "Pokja AMPL Kota Bandung",
                "ampl",
                "pokja@bandungkota.go.id",
                "0224234567",
                "Jl. Wastukencana 2, Bandung",
            ),
        )
        decree = kota.decrees.get()
        self.assertEqual(decree.number, "050/Kep.12-Bappeda/2026")
        self.assertEqual(decree.valid_until, datetime.date(2026, 12, 31))
        self.assertEqual(decree.signatory, "Wali Kota Bandung")
        self.assertEqual(kota.contact_person.full_name, "Rudi Hartono")
        self.assertEqual(kota.contact_person.job_title, "Kepala Bidang Infrastruktur")
        membership = kota.memberships.get()
        self.assertEqual(membership.position, Membership.Position.SECRETARIAT_STAFF)
        # The importer did not become the new group's secretariat.
        self.assertFalse(Role.objects.filter(user=self.national, working_group=kota).exists())

        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.kind, WorkingGroup.Kind.PPAS)
        self.assertEqual(self.bandung_group.email, "pokja@bandungkab.go.id")
        self.assertEqual(self.bandung_group.decrees.get().number, "660/Kep.3/2026")
        self.assertEqual(self.bandung_group.names.count(), 2)  # the old kind is in the history

        counts = (
            WorkingGroup.objects.count(),
            Decree.objects.count(),
            Membership.objects.count(),
            self.bandung_group.names.count(),
        )
        again = self.upload(self.rows())
        self.assertEqual(again.context["token"], "")
        self.assertEqual(len(again.context["preview"].unchanged), 2)
        self.assertEqual(
            counts,
            (
                WorkingGroup.objects.count(),
                Decree.objects.count(),
                Membership.objects.count(),
                self.bandung_group.names.count(),
            ),
        )

    def test_the_template_imports_back_without_changes(self):
        self.confirm(self.upload(self.rows()))
        response = self.client.get(reverse("formation:directory_template"))
        self.assertEqual(response.status_code, 200)
        upload = SimpleUploadedFile("templat.xlsx", response.content)
        preview = self.client.post(IMPORT, {"file": upload})
        self.assertEqual(preview.context["token"], "")
        # Every group recorded comes back unchanged; regions without one are left out.
        self.assertEqual(len(preview.context["preview"].unchanged), 5)

    def test_every_problem_is_listed_by_row_and_nothing_is_written(self):
        Decree.objects.create(
            working_group=self.kupang_group,
            number="1/2026",
            signed_on=datetime.date(2026, 1, 2),
            signatory="Bupati Kupang",
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
        rows = [
            row("99.99", "Pokja X"),  # 2: no such region
            row("32.73", "Pokja A", kind="Pokja Tidak Ada"),  # 3: unknown kind
            row("32.73", "Pokja B"),  # 4: the region again
            row("32", "Pokja C", number="9/2026", dates=("", "01/01/2026", "")),  # 5
            row("53", "Pokja D", number="8/2026", dates=("01/01/2026", "31/12/2026", "1/1/2026")),
            row(
                "53.01",
                "Pokja E",
                number="1/2026",
                dates=("02/01/2026", "01/01/2026", "31/12/2027"),
            ),
            row("32.04", "Pokja F", email="not an address", phone="12"),  # 8
            row("ID", "Pokja G"),  # 9: the nation is not a row of the directory
            row("", "Pokja H", region_name="Kota Atlantis"),  # 10
        ]
        response = self.client.post(f"/en{IMPORT}", {"file": xlsx(rows)})
        self.assertEqual(response.status_code, 200)
        problems = {(p.row, p.column) for p in response.context["problems"]}
        self.assertEqual(
            problems,
            {
                (2, "Kode wilayah"),
                (3, "Jenis Pokja"),
                (4, "Kode wilayah"),
                (5, "Tanggal SK"),
                (5, "SK berlaku sampai"),
                (6, "SK berlaku sampai"),
                (7, "Nomor SK"),
                (8, "E-mail"),
                (8, "Telepon"),
                (9, "Kode wilayah"),
                (10, "Nama wilayah"),
            },
        )
        self.assertContains(response, "What a signed decree says does not change")
        self.assertFalse(WorkingGroup.objects.filter(region__code="32.73").exists())
        self.assertEqual(WorkingGroup.objects.get(region__code="32").name, self.jabar_group.name)
        self.assertEqual(Decree.objects.count(), 1)

    def test_a_csv_file_with_semicolons_imports_too(self):
        text = spreadsheets.csv_text(HEADERS, [row("32.73", "Pokja Kota Bandung")])
        upload = SimpleUploadedFile("direktori.csv", text.replace(",", ";").encode())
        self.confirm(self.client.post(IMPORT, {"file": upload}))
        self.assertEqual(WorkingGroup.objects.get(region__code="32.73").name, "Pokja Kota Bandung")

    def test_the_office_contact_never_replaces_a_persons_own(self):
        person = add_member(
            self.bandung_group, "Yuli Astuti", email="yuli@example.org", phone=""
        ).person
        self.bandung_group.contact_person = person
        self.bandung_group.save()
        rows = [
            row(
                "32.04",
                "Pokja AMPL Kabupaten Bandung",
                contact_name="Yuli  Astuti",
                contact_job_title="Kasubbid",
                email="pokja@bandungkab.go.id",
                phone="022 5891234",
            )
        ]
        self.confirm(self.upload(rows))
        person.refresh_from_db()
        self.assertEqual(
            (person.email, person.phone, person.job_title),
            ("yuli@example.org", "0225891234", "Kasubbid"),
        )
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.email, "pokja@bandungkab.go.id")
        # She was already on the roster: no second membership.
        self.assertEqual(self.bandung_group.memberships.count(), 1)

    def test_only_the_national_secretariat_imports(self):
        for user in (self.provincial, self.regency):
            self.client.force_login(user)
            self.assertEqual(self.client.get(IMPORT).status_code, 403)
            self.assertEqual(self.upload(self.rows()).status_code, 403)
        self.assertFalse(WorkingGroup.objects.filter(region__code="32.73").exists())

    def test_a_tampered_or_foreign_preview_is_refused(self):
        preview = self.upload(self.rows())
        token = preview.context["token"]
        response = self.client.post(IMPORT, {"token": token + "x"})
        self.assertRedirects(response, IMPORT)
        self.assertFalse(WorkingGroup.objects.filter(region__code="32.73").exists())

    def test_phone_numbers_are_normalised(self):
        self.assertEqual(normalise_phone("(022) 423-4567"), "0224234567")
        self.assertEqual(normalise_phone("+62 812 3456 7890"), "081234567890")
        with self.assertRaises(ValueError):
            normalise_phone("call the office")


class BulkInvitationTestCase(ImportMixin, BaseTestCase):
    def setUp(self):
        self.client.force_login(self.national)
        rows = [
            row("32.73", "Pokja AMPL Kota Bandung", contact_name="Rudi", email="rudi@example.org"),
            row("53.01", "Pokja AMPL Kabupaten Kupang", contact_name="Yohanes"),  # no e-mail
            row("32", "Pokja AMPL Provinsi Jawa Barat", contact_name="Dedi", email="d@example.org"),
        ]
        self.confirm(self.upload(rows))

    def test_it_invites_each_contact_once_and_skips_with_reasons(self):
        page = self.client.get(INVITE)
        ready = {c.group.region.code for c in page.context["ready"]}
        blocked = {c.group.region.code: c.reason for c in page.context["blocked"]}
        # Jawa Barat already has a secretariat account (the provincial persona), so has NTT.
        self.assertEqual(ready, {"32.73"})
        self.assertEqual(set(blocked), {"53.01"})  # its contact has no e-mail

        ids = [WorkingGroup.objects.get(region__code=c).pk for c in ("32.73", "53.01", "32")]
        response = self.client.post(f"/en{INVITE}", {"groups": ids}, follow=True)
        self.assertContains(response, "1 invitation sent.")
        self.assertContains(response, "2 working groups skipped")
        self.assertEqual([m.to for m in mail.outbox], [["rudi@example.org"]])
        invitation = Invitation.objects.get()
        self.assertEqual((invitation.kind, invitation.working_group.code), ("secretariat", "32.73"))

        # Sending again invites nobody twice.
        self.client.post(INVITE, {"groups": ids})
        self.assertEqual(len(mail.outbox), 1)

    def test_the_invitation_makes_the_contact_the_secretariat(self):
        kota = WorkingGroup.objects.get(region__code="32.73")
        self.client.post(INVITE, {"groups": [kota.pk]})
        link = re.search(r"/undangan/[^/\s]+/", mail.outbox[0].body).group(0)
        self.client.logout()
        self.client.post(
            link, {"new_password1": "a-long passphrase 9", "new_password2": "a-long passphrase 9"}
        )
        user = User.objects.get(email="rudi@example.org")
        self.assertEqual(user.roles.get().working_group, kota)
        self.assertEqual(user.roles.get().kind, Role.Kind.SECRETARIAT)

    def test_only_the_national_secretariat_invites(self):
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.get(INVITE).status_code, 403)
        self.assertEqual(self.client.post(INVITE, {"groups": [1]}).status_code, 403)
        self.assertEqual(mail.outbox, [])


class AccessRequestTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.officer = User.objects.create_user(
            "officer@example.org", "password", full_name="Wawan Setiawan"
        )
        cls.kota = WorkingGroup.objects.create(region=cls.kota_bandung, name="Pokja Kota Bandung")

    def ask(self, group=None):
        code = (group or self.kota).code
        return self.client.post(
            reverse("pokja:request_access", args=[code]),
            {
                "job_title": "Kepala Subbidang Permukiman",
                "institution_name": "Bappeda Kota Bandung",
                "note": "Saya mengelola sekretariat Pokja.",
            },
        )

    def decide(self, access_request, decision, reason=""):
        url = reverse("pokja:group_access_requests", args=[access_request.working_group.code])
        return self.client.post(
            url, {"request": access_request.pk, "decision": decision, "reason": reason}
        )

    def test_the_profile_offers_the_request_to_a_signed_in_outsider(self):
        url = reverse("pokja:request_access", args=[self.kota.code])
        profile = reverse("portal:profile", args=[self.kota.code])
        self.assertNotContains(self.client.get(profile), url)
        self.client.force_login(self.officer)
        self.assertContains(self.client.get(profile), url)

    def test_a_request_approved_by_the_province_gives_the_role(self):
        self.client.force_login(self.officer)
        self.assertRedirects(self.ask(), reverse("pokja:request_access", args=[self.kota.code]))
        self.ask()  # a second request while one is pending is refused
        access_request = AccessRequest.objects.get()

        self.client.force_login(self.provincial)
        listed = self.client.get(reverse("pokja:access_requests"))
        self.assertEqual(list(listed.context["pending"]), [access_request])
        page = self.client.get(reverse("pokja:group_access_requests", args=[self.kota.code]))
        self.assertContains(page, "Saya mengelola sekretariat Pokja.")
        self.decide(access_request, "approve")

        access_request.refresh_from_db()
        self.assertEqual(access_request.status, AccessRequest.Status.APPROVED)
        self.assertEqual(access_request.decided_by, self.provincial)
        role = self.officer.roles.get()
        self.assertEqual((role.working_group, role.kind), (self.kota, Role.Kind.SECRETARIAT))
        membership = self.kota.memberships.get()
        self.assertEqual(membership.person.user, self.officer)
        self.assertEqual(membership.institution.name, "Bappeda Kota Bandung")
        self.assertEqual(membership.institution.category, "bappeda")
        self.assertEqual(membership.started_on, timezone.localdate())

        self.client.force_login(self.officer)
        workspace = self.client.get(reverse("pokja:workspace", args=[self.kota.code]))
        self.assertEqual(workspace.status_code, 200)

    def test_a_refusal_shows_its_reason_to_the_requester(self):
        self.client.force_login(self.officer)
        self.ask()
        access_request = AccessRequest.objects.get()
        self.client.force_login(self.national)
        self.decide(access_request, "refuse")  # a refusal needs a reason
        access_request.refresh_from_db()
        self.assertTrue(access_request.is_pending)
        self.decide(access_request, "refuse", "Ajukan melalui Kepala Bappeda.")

        self.client.force_login(self.officer)
        page = self.client.get(reverse("pokja:request_access", args=[self.kota.code]))
        self.assertContains(page, "Ajukan melalui Kepala Bappeda.")
        self.assertFalse(self.officer.roles.exists())
        # Refused, they may ask again.
        self.ask()
        self.assertEqual(AccessRequest.objects.filter(status="pending").count(), 1)

    def test_only_the_secretariats_above_decide(self):
        self.client.force_login(self.officer)
        self.ask()
        access_request = AccessRequest.objects.get()
        url = reverse("pokja:group_access_requests", args=[self.kota.code])
        self.client.force_login(self.outsider)  # NTT's secretariat
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.decide(access_request, "approve").status_code, 404)
        self.assertEqual(
            list(self.client.get(reverse("pokja:access_requests")).context["pending"]), []
        )
        self.client.force_login(self.regency)  # Kabupaten Bandung's: another group
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertTrue(AccessRequest.objects.get().is_pending)
        self.assertFalse(self.officer.roles.exists())

    def test_a_member_already_has_access(self):
        self.client.force_login(self.member)
        self.ask(self.bandung_group)
        self.assertFalse(AccessRequest.objects.exists())


class CreateNationalAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        Region.objects.create(code="ID", name="Indonesia", level=0, kind="nasional")

    def test_it_refuses_without_the_national_working_group(self):
        with self.assertRaisesMessage(CommandError, "load_reference"):
            call_command("create_national_admin", "--no-input", email="a@example.org")

    def assert_national_admin(self, user):
        national = WorkingGroup.objects.get(region__code="ID")
        self.assertTrue(user.is_staff)
        self.assertFalse(user.is_superuser)
        self.assertTrue(user.groups.filter(name=NATIONAL_SECRETARIAT_GROUP).exists())
        role = user.roles.get()
        self.assertEqual((role.working_group, role.kind), (national, Role.Kind.SECRETARIAT))

    def test_with_flags(self):
        load_reference()
        out = StringIO()
        with mock.patch.dict("os.environ", {"SINERGI_ADMIN_PASSWORD": "a-long passphrase 9"}):
            call_command(
                "create_national_admin",
                "--no-input",
                email="sekretariat@bappenas.go.id",
                full_name="Rina Wulandari",
                stdout=out,
            )
        user = User.objects.get(email="sekretariat@bappenas.go.id")
        self.assertTrue(user.check_password("a-long passphrase 9"))
        self.assertEqual(user.full_name, "Rina Wulandari")
        self.assert_national_admin(user)
        self.assertIn("Created", out.getvalue())
        # Again: upgraded, nothing doubled, the password kept.
        call_command(
            "create_national_admin", "--no-input", email="SEKRETARIAT@bappenas.go.id", stdout=out
        )
        self.assertEqual(User.objects.count(), 1)
        self.assert_national_admin(user)

    def test_without_a_password_it_refuses(self):
        load_reference()
        with (
            mock.patch.dict("os.environ", {"SINERGI_ADMIN_PASSWORD": ""}),
            self.assertRaisesMessage(CommandError, "SINERGI_ADMIN_PASSWORD"),
        ):
            call_command(
                "create_national_admin", "--no-input", email="a@example.org", full_name="A"
            )
        self.assertFalse(User.objects.exists())

    def test_interactive(self):
        load_reference()
        answers = iter(["not an address", "admin@bappenas.go.id", "Budi Santoso"])
        passwords = iter(["short", "short", "a-long passphrase 9", "a-long passphrase 9"])
        with (
            mock.patch("builtins.input", lambda prompt: next(answers)),
            mock.patch("getpass.getpass", lambda prompt: next(passwords)),
        ):
            call_command("create_national_admin", stdout=StringIO(), stderr=StringIO())
        user = User.objects.get(email="admin@bappenas.go.id")
        self.assertEqual(user.full_name, "Budi Santoso")
        self.assertTrue(user.check_password("a-long passphrase 9"))
        self.assert_national_admin(user)


class NationalScaleTestCase(ImportMixin, TestCase):
    """The whole network: 38 provinces and 514 kabupaten/kota in one file, then the bulk
    invitation, then an access request approved by a province."""

    @classmethod
    def setUpTestData(cls):
        do_load_regions(max_level=2)
        load_reference()
        cls.national = User.objects.create_user("nasional@example.org", "x", full_name="Rina")
        make_national_secretariat(cls.national)

    def test_552_rows_then_bulk_invitation_then_an_access_request(self):
        regions = list(Region.objects.filter(level__in=[1, 2]).order_by("code"))
        self.assertEqual(len(regions), 552)
        rows = [
            row(
                r.code,
                f"Pokja AMPL {r.name}",
                region_name=r.name,
                number=f"050/{r.code}/2026",
                dates=DATES,
                address=f"Kantor Bappeda {r.name}",
                contact_name=f"Narahubung {r.code}",
                email=f"pokja.{r.code.replace('.', '')}@example.org",
                phone="0812" + r.code.replace(".", "").ljust(7, "0"),
            )
            for r in regions
        ]
        self.client.force_login(self.national)
        with CaptureQueriesContext(connection) as checked:
            preview = self.upload(rows)
        # The checks read everything in a few queries, whatever the number of rows.
        self.assertLess(len(checked), 25)
        self.assertEqual(len(preview.context["preview"].created), 552)
        self.assertRedirects(self.confirm(preview), INVITE)
        self.assertEqual(WorkingGroup.objects.count(), 553)
        self.assertEqual(Decree.objects.count(), 552)

        with CaptureQueriesContext(connection) as again:
            preview = self.upload(rows)
        self.assertLess(len(again), 25)
        self.assertEqual(len(preview.context["preview"].unchanged), 552)
        self.assertEqual(preview.context["token"], "")

        with CaptureQueriesContext(connection) as listed:
            page = self.client.get(INVITE)
        self.assertLess(len(listed), 20)
        ids = [c.group.pk for c in page.context["ready"]]
        self.assertEqual(len(ids), 552)
        self.client.post(INVITE, {"groups": ids})
        self.assertEqual(len(mail.outbox), 552)
        self.assertEqual(Invitation.objects.open().count(), 552)

        # Jawa Barat's contact accepts; a Bappeda officer of Kabupaten Garut asks for access,
        # and the province approves.
        provincial = User.objects.create_user("jabar@example.org", "x", full_name="Dedi")
        jabar = WorkingGroup.objects.get(region__code="32")
        Role.objects.create(user=provincial, working_group=jabar, kind=Role.Kind.SECRETARIAT)
        officer = User.objects.create_user("garut@example.org", "x", full_name="Wawan")
        self.client.force_login(officer)
        self.client.post(
            reverse("pokja:request_access", args=["32.05"]),
            {"job_title": "Kasubbid", "institution_name": "Bappeda Kabupaten Garut"},
        )
        access_request = AccessRequest.objects.get()
        self.client.force_login(provincial)
        self.client.post(
            reverse("pokja:group_access_requests", args=["32.05"]),
            {"request": access_request.pk, "decision": "approve"},
        )
        role = officer.roles.get()
        self.assertEqual((role.working_group.code, role.kind), ("32.05", Role.Kind.SECRETARIAT))
