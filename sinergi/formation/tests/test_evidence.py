import os
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sinergi.formation.models import Evidence
from sinergi.formation.tests.base import FormationTestCase

MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TRACKER = "/pokja/32.73/pembentukan/"
URL = f"{TRACKER}langkah/2/bukti/"


@override_settings(MEDIA_ROOT=MEDIA)
class EvidenceTestCase(FormationTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, content=PDF, name="berita-acara.pdf", title="", lang=""):
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        return self.client.post(f"{lang}{URL}", {"e2-title": title, "e2-file": file})

    def test_secretariat_uploads_the_signed_agreement_and_readers_download_it(self):
        self.client.force_login(self.provincial)
        r = self.upload(title="Berita acara kesepakatan")
        self.assertRedirects(r, f"{TRACKER}#langkah-2", fetch_redirect_response=False)
        evidence = Evidence.objects.get()
        self.assertEqual((evidence.step.number, evidence.uploaded_by), (2, self.provincial))
        self.assertEqual(evidence.title, "Berita acara kesepakatan")
        self.assertContains(self.client.get(TRACKER), "Berita acara kesepakatan")

        self.client.force_login(self.forming_member)
        r = self.client.get(f"{TRACKER}bukti/{evidence.pk}/")
        self.assertEqual(b"".join(r.streaming_content), PDF)
        self.assertIn("attachment", r["Content-Disposition"])

    def test_the_title_defaults_to_the_file_name(self):
        self.client.force_login(self.provincial)
        self.upload(name="daftar-hadir.pdf")
        self.assertEqual(Evidence.objects.get().title, "daftar-hadir.pdf")

    def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.provincial)
        r = self.upload(content=b"bukan pdf, hanya teks", lang="/en")
        self.assertContains(r, "This file is not a PDF / PNG / JPEG / DOCX/XLSX/PPTX file.")
        self.assertContains(r, 'id="evidence-2"')
        self.assertFalse(Evidence.objects.exists())
        self.assertEqual(os.listdir(MEDIA), [])

    @override_settings(UPLOAD_MAX_MB=1)
    def test_a_file_too_large_is_refused(self):
        self.client.force_login(self.provincial)
        r = self.upload(content=PDF + b"0" * 1024 * 1024, lang="/en")
        self.assertContains(r, "The file is too large")
        self.assertFalse(Evidence.objects.exists())

    def test_access(self):
        self.client.force_login(self.provincial)
        self.upload()
        evidence = Evidence.objects.get()
        download = f"{TRACKER}bukti/{evidence.pk}/"
        remove = f"{download}hapus/"
        self.client.force_login(self.forming_member)
        self.assertEqual(self.upload().status_code, 403)
        self.assertEqual(self.client.post(remove).status_code, 403)
        for user in (self.outsider, self.regency):
            self.client.force_login(user)
            self.assertEqual(self.client.get(download).status_code, 404)
            self.assertEqual(self.upload().status_code, 404)
            self.assertEqual(self.client.post(remove).status_code, 404)
        # Evidence is found only through its own group.
        self.client.force_login(self.regency)
        self.assertEqual(
            self.client.get(f"/pokja/32.04/pembentukan/bukti/{evidence.pk}/").status_code, 404
        )
        self.client.logout()
        self.assertRedirects(self.client.get(download), f"/akun/masuk/?next={download}")
        self.assertEqual(Evidence.objects.count(), 1)

    def test_secretariat_removes_evidence_and_its_file(self):
        self.client.force_login(self.provincial)
        self.upload()
        evidence = Evidence.objects.get()
        path = evidence.file.path
        self.assertTrue(os.path.exists(path))
        # The file goes once the removal has committed (see sinergi/tests/test_private_files).
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"{TRACKER}bukti/{evidence.pk}/hapus/")
        self.assertRedirects(r, f"{TRACKER}#langkah-2", fetch_redirect_response=False)
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(os.path.exists(path))
