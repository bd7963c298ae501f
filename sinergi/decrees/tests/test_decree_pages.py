import datetime
import shutil
import tempfile

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat
MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@override_settings(MEDIA_ROOT=MEDIA)
class AddDecreeTestCase(BaseTestCase):
    url = "/pokja/32.04/sk/tambah/"

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = add_member(cls.bandung_group, "Ujang Saepudin", "ketua")
        cls.former = add_member(cls.bandung_group, "Rudi Hartono", "sekretaris", "2020-01-01")
        cls.former.ended_on, cls.former.end_reason = D("2023-12-31"), "pensiun"
        cls.former.save()

    def form(self, **changes):
        data = {
            "number": "050/Kep.112-Bappeda/2026",
            "title": "Pembentukan Pokja AMPL Kabupaten Bandung",
            "signed_on": "2026-01-02",
            "signatory": "Bupati Bandung",
            "appointments": [self.chair.pk],
        }
        data.update(changes)
        return data

    def test_secretariat_records_a_decree_valid_from_signing_to_year_end_by_default(self):
        self.client.force_login(self.regency)
        scan = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
        r = self.client.post(self.url, self.form(scan=scan))
        decree = Decree.objects.get()
        self.assertRedirects(r, f"/pokja/32.04/sk/{decree.pk}/")
        self.assertEqual(
            (decree.valid_from, decree.valid_until), (D("2026-01-02"), D("2026-12-31"))
        )
        self.assertEqual([a.membership for a in decree.appointments.all()], [self.chair])
        self.assertTrue(decree.scan.name.endswith(".pdf"))
        r = self.client.get(f"/pokja/32.04/sk/{decree.pk}/pindaian/")
        self.assertEqual(b"".join(r.streaming_content), PDF)

    def test_the_form_offers_the_signatory_and_only_current_members(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="Bupati Bandung"')
        self.assertContains(r, "Ujang Saepudin")
        self.assertNotContains(r, "Rudi Hartono")

    def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_stored(self):
        self.client.force_login(self.regency)
        fake = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        r = self.client.post(self.url, self.form(scan=fake))
        self.assertContains(r, "Berkas ini bukan berkas PDF / PNG / JPEG")
        self.assertFalse(Decree.objects.exists())

    @override_settings(UPLOAD_MAX_MB=1)
    def test_a_scan_that_is_too_large_is_refused(self):
        self.client.force_login(self.regency)
        big = SimpleUploadedFile("sk.pdf", PDF + b"0" * (1024 * 1024 + 1))
        r = self.client.post(self.url, self.form(scan=big))
        self.assertContains(r, "terlalu besar")
        self.assertFalse(Decree.objects.exists())

    def test_an_end_before_the_start_is_refused(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form(valid_from="2026-06-01", valid_until="2026-01-01"))
        self.assertContains(r, "SK tidak dapat berakhir sebelum berlaku")
        self.assertFalse(Decree.objects.exists())

    def test_access_matrix(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.get("/pokja/32.04/sk/").status_code, 200)
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/pokja/32.04/sk/").status_code, 404)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 404)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
        self.assertFalse(Decree.objects.exists())

    def test_the_list_and_the_directory_show_the_status(self):
        Decree.objects.create(
            working_group=self.bandung_group,
            number="1/2020",
            signatory="Bupati Bandung",
            signed_on=D("2020-01-02"),
            valid_from=D("2020-01-01"),
            valid_until=D("2020-12-31"),
        )
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/sk/")
        self.assertContains(r, "SK kedaluwarsa")
        rows = {row.code: row.status for row in self.client.get("/pokja/").context["rows"]}
        self.assertEqual(rows["32.04"], "expired")

    def test_list_query_count(self):
        self.client.force_login(self.member)
        with self.assertNumQueries(7):
            self.client.get("/pokja/32.04/sk/")


class EditDecreeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = add_member(cls.bandung_group, "Ujang Saepudin", "ketua")
        cls.decree = Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.112-Bappeda/2026",
            title="Pembentukan Pokja AMPL Kabupaten Bandung",
            signatory="Bupati Bandung",
            signed_on=D("2026-01-02"),
            valid_from=D("2026-01-01"),
            valid_until=D("2026-12-31"),
        )
        cls.url = f"/pokja/32.04/sk/{cls.decree.pk}/ubah/"

    def form(self, **changes):
        data = {
            "number": "050/Kep.112-Bappeda/2026",
            "title": "Pembentukan Pokja AMPL Kabupaten Bandung",
            "signed_on": "2026-01-02",
            "signatory": "Wakil Bupati Bandung",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "appointments": [self.chair.pk],
        }
        data.update(changes)
        return data

    def test_secretariat_changes_a_decree_and_the_change_is_recorded(self):
        self.client.force_login(self.regency)
        self.assertContains(self.client.get(self.url), "Bupati Bandung")
        r = self.client.post(self.url, self.form())
        self.assertRedirects(r, f"/pokja/32.04/sk/{self.decree.pk}/")
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.signatory, "Wakil Bupati Bandung")
        self.assertEqual([a.membership for a in self.decree.appointments.all()], [self.chair])
        self.assertContains(self.client.get(f"/pokja/32.04/sk/{self.decree.pk}/"), "Wakil Bupati")
        changes = LogEntry.objects.get_for_object(self.decree).latest("timestamp").changes_dict
        self.assertEqual(changes["signatory"], ["Bupati Bandung", "Wakil Bupati Bandung"])

    def test_invalid_input_is_refused_and_changes_nothing(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form(valid_from="2026-06-01", valid_until="2026-01-01"))
        self.assertContains(r, "SK tidak dapat berakhir sebelum berlaku")
        r = self.client.post(self.url, self.form(number="", signed_on="kemarin"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(set(r.context["form"].errors), {"number", "signed_on"})
        self.decree.refresh_from_db()
        self.assertEqual(
            (self.decree.signatory, self.decree.valid_from), ("Bupati Bandung", D("2026-01-01"))
        )

    def test_access_matrix(self):
        for user, status in [(self.member, 403), (self.provincial, 403), (self.outsider, 404)]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                self.assertEqual(self.client.post(self.url, self.form()).status_code, status)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
        self.client.post(self.url, self.form())
        self.decree.refresh_from_db()
        self.assertEqual(self.decree.signatory, "Bupati Bandung")
