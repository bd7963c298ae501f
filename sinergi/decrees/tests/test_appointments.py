"""Issue 15, item 5: what a decree appointed is fixed when it is recorded. Each appointment is a
snapshot (name, NIP, position, field, institution) taken when the decree is recorded, so a later
change of the membership or the person never reaches the decree page or the API. The list can
be corrected until the decree has its signed scan and appoints someone; then it is fixed."""

import datetime
import shutil
import tempfile

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sinergi.decrees.models import Appointment, Decree
from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat
MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ADD = "/en/pokja/32.04/sk/tambah/"


@override_settings(MEDIA_ROOT=MEDIA)
class AppointmentSnapshotTestCase(BaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dinas_pu = Institution.objects.create(
            name="Dinas PUTR Kabupaten Bandung",
            category=Institution.Category.AGENCY,
            region=cls.kab_bandung,
        )
        cls.secretary = add_member(
            cls.bandung_group,
            "Asep Hidayat, S.T., M.T.",
            "sekretaris",
            nip="197805122005011003",
            job_title="Kepala Bidang Infrastruktur",
            institution=cls.bappeda,
            field="kelembagaan",
        )
        cls.member_pu = add_member(
            cls.bandung_group, "Dewi Lestari", "anggota", institution=cls.dinas_pu
        )

    def setUp(self):
        self.client.force_login(self.regency)

    def record(self, **changes):
        data = {
            "number": "050/Kep.112-Bappeda/2026",
            "signed_on": "2026-01-14",
            "signatory": "Bupati Bandung",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "appointments": [self.secretary.pk],
            **changes,
        }
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return Decree.objects.get(number=data["number"])

    def edit(self, decree, **changes):
        data = {
            "number": decree.number,
            "signed_on": "2026-01-14",
            "signatory": "Bupati Bandung",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            **changes,
        }
        return self.client.post(f"/en/pokja/32.04/sk/{decree.pk}/ubah/", data)

    def change_in_place(self, membership):
        """What the roster's edit form did before positions changed from a date."""
        membership.position, membership.field = "ketua", "air_minum"
        membership.institution = self.dinas_pu
        membership.save()
        membership.person.full_name = "Asep Hidayat"
        membership.person.save()

    def test_a_change_of_position_after_recording_leaves_the_decree_page_unchanged(self):
        decree = self.record()
        self.change_in_place(self.secretary)
        response = self.client.get(f"/en/pokja/32.04/sk/{decree.pk}/")
        appointed = response.context["appointments"]
        self.assertEqual(
            [(a.full_name, a.position, a.field, a.institution_name) for a in appointed],
            [("Asep Hidayat, S.T., M.T.", "sekretaris", "kelembagaan", self.bappeda.name)],
        )
        self.assertContains(response, "Asep Hidayat, S.T., M.T. — Secretary, Institutions")
        self.assertContains(response, "Bappeda Kabupaten Bandung")
        self.assertNotContains(response, "Chair")
        self.assertNotContains(response, "Dinas PUTR")

    def test_the_api_shows_the_decree_as_recorded(self):
        decree = self.record()
        self.change_in_place(self.secretary)
        data = self.client.get(f"/api/decrees/{decree.pk}/").json()
        self.assertEqual(
            data["appointments"],
            [
                {
                    "membership": self.secretary.pk,
                    "full_name": "Asep Hidayat, S.T., M.T.",
                    "job_title": "Kepala Bidang Infrastruktur",
                    "position": "sekretaris",
                    "field": "kelembagaan",
                    "institution_name": "Bappeda Kabupaten Bandung",
                }
            ],
        )

    def test_the_snapshot_copies_the_person_and_falls_back_to_their_institution(self):
        self.member_pu.institution = None
        self.member_pu.save()
        self.member_pu.person.institution = self.dinas_pu
        self.member_pu.person.save()
        decree = self.record(appointments=[self.secretary.pk, self.member_pu.pk])
        snapshot = {a.full_name: a for a in decree.appointments.all()}
        self.assertEqual(snapshot["Asep Hidayat, S.T., M.T."].nip, "197805122005011003")
        self.assertEqual(snapshot["Dewi Lestari"].institution_name, "Dinas PUTR Kabupaten Bandung")
        # In the order of a decree's appendix: the secretary before a member.
        self.assertEqual(
            [a.full_name for a in decree.appointment_list()],
            ["Asep Hidayat, S.T., M.T.", "Dewi Lestari"],
        )

    def test_editing_the_decree_keeps_the_snapshot_of_who_was_already_appointed(self):
        decree = self.record()
        self.change_in_place(self.secretary)
        response = self.edit(decree, appointments=[self.secretary.pk, self.member_pu.pk])
        self.assertEqual(response.status_code, 302)
        appointed = {a.membership_id: a for a in decree.appointments.all()}
        self.assertEqual(appointed[self.secretary.pk].position, "sekretaris")
        self.assertEqual(appointed[self.secretary.pk].full_name, "Asep Hidayat, S.T., M.T.")
        self.assertEqual(appointed[self.member_pu.pk].position, "anggota")

    def test_until_the_scan_is_attached_the_list_can_be_corrected_with_history(self):
        decree = self.record(appointments=[self.secretary.pk, self.member_pu.pk])
        self.assertEqual(self.edit(decree, appointments=[self.secretary.pk]).status_code, 302)
        self.assertEqual([a.membership_id for a in decree.appointments.all()], [self.secretary.pk])
        removed = LogEntry.objects.get(
            content_type__model="appointment", action=LogEntry.Action.DELETE
        )
        self.assertEqual(removed.object_repr, "Dewi Lestari · Member")
        self.assertEqual(removed.actor, self.regency)

    def test_a_member_who_left_stays_appointed_when_the_decree_is_edited(self):
        decree = self.record()
        self.secretary.ended_on, self.secretary.end_reason = D("2026-06-30"), "mutasi"
        self.secretary.save()
        form = self.client.get(f"/en/pokja/32.04/sk/{decree.pk}/ubah/").context["form"]
        self.assertIn(self.secretary, form.fields["appointments"].queryset)
        self.assertEqual(form.initial["appointments"], [self.secretary.pk])
        self.edit(decree, appointments=[self.secretary.pk])
        self.assertEqual(decree.appointments.get().membership, self.secretary)

    def test_once_the_signed_scan_is_attached_the_list_is_fixed(self):
        scan = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
        decree = self.record(scan=scan)
        self.assertTrue(decree.appointments_fixed)
        response = self.client.get(f"/en/pokja/32.04/sk/{decree.pk}/ubah/")
        self.assertNotIn("appointments", response.context["form"].fields)
        self.assertContains(response, "Fixed: the decree was recorded with its signed scan")
        # Neither ticking others nor removing the scan changes who it appointed.
        response = self.edit(decree, appointments=[self.member_pu.pk], **{"scan-clear": "on"})
        self.assertEqual(response.status_code, 302)
        decree.refresh_from_db()
        self.assertTrue(decree.scan)
        self.assertEqual([a.membership for a in decree.appointments.all()], [self.secretary])
        self.assertFalse(any("appoints nobody" in str(m) for m in response.wsgi_request._messages))

    def test_a_decree_recorded_with_its_scan_but_nobody_can_still_get_its_appointments(self):
        scan = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
        decree = self.record(scan=scan, appointments=[])
        self.assertFalse(decree.appointments_fixed)
        self.edit(decree, appointments=[self.secretary.pk])
        self.assertEqual([a.membership for a in decree.appointments.all()], [self.secretary])
        self.assertTrue(decree.appointments_fixed)

    def test_a_removed_membership_leaves_the_appointment(self):
        decree = self.record()
        Appointment.objects.filter(decree=decree).update(membership=None)  # as SET_NULL does
        self.edit(decree, appointments=[self.member_pu.pk])
        self.assertEqual(
            sorted(a.full_name for a in decree.appointments.all()),
            ["Asep Hidayat, S.T., M.T.", "Dewi Lestari"],
        )

    def test_detail_query_count(self):
        scan = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
        decree = self.record(appointments=[self.secretary.pk, self.member_pu.pk], scan=scan)
        self.client.force_login(self.member)
        with self.assertNumQueries(8):
            self.client.get(f"/pokja/32.04/sk/{decree.pk}/")

    def test_access_matrix(self):
        decree = self.record()
        url = f"/pokja/32.04/sk/{decree.pk}/"
        for user, status in [(self.member, 200), (self.provincial, 200), (self.outsider, 404)]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        self.client.logout()
        self.assertRedirects(self.client.get(url), f"/akun/masuk/?next={url}")
