"""Uploads by the working group's secretariat: a new document, a new version, the description;
a refused file leaves no row and no file behind."""

from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import override_settings

from sinergi.library.actions import do_add_version
from sinergi.library.models import Document, DocumentVersion
from sinergi.library.tests.base import (
    PDF,
    LibraryTestCase,
    docx_bytes,
    make_document,
    pdf_bytes,
    png_bytes,
)

ADD = "/pokja/32.04/pustaka/baru/"
FIELDS = {
    "title": "Laporan Tahunan Pokja AMPL",
    "category": "laporan",
    "year": "2025",
    "language": "id",
    "description": "Ringkasan kegiatan.",
}


class UploadTestCase(LibraryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = make_document(cls.bandung_group, "Laporan Rapat")
        cls.kupang_report = make_document(cls.kupang_group, "Laporan Kupang")

    def add(self, content=PDF, name="laporan.pdf", url=ADD, **fields):
        data = FIELDS | fields | {"file": SimpleUploadedFile(name, content)}
        return self.client.post(url, data)

    def test_the_secretariat_adds_a_document_with_its_first_file(self):
        self.client.force_login(self.regency)
        content = pdf_bytes(["Laporan Tahunan", "Akses air minum dan sanitasi meningkat."])
        response = self.add(content, name="Laporan Akhir (final).PDF", is_public="on")
        document = Document.objects.get(title="Laporan Tahunan Pokja AMPL")
        self.assertRedirects(response, f"/pustaka/{document.pk}/", fetch_redirect_response=False)
        self.assertEqual(
            (document.working_group, document.created_by, document.is_public, document.year),
            (self.bandung_group, self.regency, True, 2025),
        )
        version = document.versions.get()
        self.assertEqual((version.number, version.uploaded_by), (1, self.regency))
        self.assertEqual(version.filename, "Laporan_Akhir_final.pdf")
        self.assertEqual(version.file.name, f"pustaka/{document.pk}/v1/Laporan_Akhir_final.pdf")
        self.assertEqual(version.size, len(content))
        self.assertIn("Akses air minum dan sanitasi meningkat.", version.text)
        with version.file.open("rb") as stored:
            self.assertEqual(stored.read(), content)
        message = self.client.get(f"/pustaka/{document.pk}/")
        self.assertContains(message, "Laporan Tahunan Pokja AMPL telah ditambahkan.")

    def test_the_national_secretariat_uploads_national_documents(self):
        self.client.force_login(self.national)
        self.add(url="/pokja/ID/pustaka/baru/", title="Panduan Nasional", category="panduan")
        document = Document.objects.get(title="Panduan Nasional")
        self.assertEqual(document.working_group, self.national_group)

    def write_urls(self):
        pk = self.report.pk
        return [
            ADD,
            f"/pokja/32.04/pustaka/{pk}/ubah/",
            f"/pokja/32.04/pustaka/{pk}/versi-baru/",
        ]

    def test_access_matrix_on_writes(self):
        edit = f"/pokja/32.04/pustaka/{self.report.pk}/ubah/"
        for url in self.write_urls():
            for user, status in [
                (self.regency, 200),
                # Members upload documents and versions (DESIGN.md), but do not edit them.
                (self.member, 403 if url == edit else 200),
                (self.provincial, 403),
                (self.national, 403),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/akun/masuk/", response["Location"])

    def test_a_member_uploads_but_overseers_cannot(self):
        self.client.force_login(self.member)
        self.assertEqual(self.add(is_public="on").status_code, 302)
        # Publishing is the secretariat's decision: the member's document stays internal.
        self.assertFalse(Document.objects.get(title=FIELDS["title"]).is_public)
        url = f"/pokja/32.04/pustaka/{self.report.pk}/versi-baru/"
        response = self.client.post(url, {"file": SimpleUploadedFile("v2.pdf", PDF)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.count(), 3)
        self.assertEqual(self.report.versions.count(), 2)

        before = self.stored_files()
        for user in [self.provincial, self.national]:
            self.client.force_login(user)
            self.assertEqual(self.add().status_code, 403)
            response = self.client.post(url, {"file": SimpleUploadedFile("v3.pdf", PDF)})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(Document.objects.count(), 3)
        self.assertEqual(self.report.versions.count(), 2)
        self.assertEqual(self.stored_files(), before)

    def test_a_member_cannot_replace_a_public_documents_file(self):
        public = make_document(self.bandung_group, "Profil Sanitasi", public=True)
        url = f"/pokja/32.04/pustaka/{public.pk}/versi-baru/"
        self.client.force_login(self.member)
        response = self.client.post(url, {"file": SimpleUploadedFile("v2.pdf", PDF)})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(public.versions.count(), 1)
        self.client.force_login(self.regency)
        response = self.client.post(url, {"file": SimpleUploadedFile("v2.pdf", PDF)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(public.versions.count(), 2)

    def test_another_groups_document_is_not_found(self):
        self.client.force_login(self.regency)
        for url in [
            f"/pokja/32.04/pustaka/{self.kupang_report.pk}/ubah/",
            f"/pokja/32.04/pustaka/{self.kupang_report.pk}/versi-baru/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Document.objects.filter(title=FIELDS["title"]).exists())
        self.assertEqual(DocumentVersion.objects.count(), 2)

    def test_a_file_renamed_to_pdf_that_is_not_a_pdf_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.regency)
        before = self.stored_files()
        for content in (png_bytes(), b"Ini hanya teks biasa, bukan PDF."):
            with self.subTest(content=content[:8]):
                response = self.add(content, name="laporan.pdf")
                self.assertEqual(response.status_code, 200)
                self.assertFalse(Document.objects.filter(title=FIELDS["title"]).exists())
                self.assertEqual(DocumentVersion.objects.count(), 2)
                self.assertEqual(self.stored_files(), before)
        self.assert_refused(
            self.add(b"teks", name="laporan.pdf"),
            "Berkas ini bukan berkas PDF / PNG / JPEG / DOCX/XLSX/PPTX.",
        )
        self.assert_refused(
            self.add(png_bytes(), name="laporan.pdf"),
            "Nama berkas berakhiran “.pdf”, tetapi isinya berkas PNG.",
        )

    def test_a_docx_renamed_to_pdf_is_refused(self):
        self.client.force_login(self.regency)
        before = self.stored_files()
        self.assert_refused(
            self.add(docx_bytes(["SK"]), name="sk.pdf"),
            "Ganti nama berkas agar berakhiran “.docx”",
        )
        self.assertEqual(self.stored_files(), before)

    @override_settings(UPLOAD_MAX_MB=1)
    def test_a_file_too_large_is_refused(self):
        self.client.force_login(self.regency)
        before = self.stored_files()
        self.assert_refused(self.add(PDF + b"0" * 1024 * 1024), "Berkas terlalu besar")
        self.assertEqual(self.stored_files(), before)

    def test_a_document_needs_a_file_and_valid_fields(self):
        self.client.force_login(self.regency)
        response = self.client.post(ADD, FIELDS | {"year": "1200", "title": ""})
        self.assertContains(response, "Isi tahun antara 1945")
        self.assertFalse(Document.objects.filter(category="laporan", year=1200).exists())
        self.assertEqual(len(response.context["file_form"].errors), 1)

    def test_a_new_version_gets_the_next_number_and_its_text(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/pustaka/{self.report.pk}/versi-baru/"
        content = docx_bytes(["Laporan Rapat", "Revisi: tindak lanjut IPAL komunal."])
        before = self.report.updated
        response = self.client.post(
            url, {"file": SimpleUploadedFile("laporan.docx", content), "note": "Revisi"}
        )
        self.assertRedirects(
            response, self.report.get_absolute_url(), fetch_redirect_response=False
        )
        version = self.report.versions.first()
        self.assertEqual(
            (version.number, version.note, version.filename), (2, "Revisi", "laporan.docx")
        )
        self.assertIn("tindak lanjut IPAL komunal", version.text)
        self.report.refresh_from_db()
        self.assertGreater(self.report.updated, before)
        self.client.post(url, {"file": SimpleUploadedFile("laporan.pdf", PDF)})
        self.assertEqual(list(self.report.versions.values_list("number", flat=True)), [3, 2, 1])

    def test_a_refused_version_changes_nothing(self):
        self.client.force_login(self.regency)
        before = self.stored_files()
        url = f"/pokja/32.04/pustaka/{self.report.pk}/versi-baru/"
        response = self.client.post(url, {"file": SimpleUploadedFile("v2.pdf", b"bukan pdf")})
        self.assertContains(response, "Berkas ini bukan berkas")
        self.assertEqual(self.report.versions.count(), 1)
        self.assertEqual(self.stored_files(), before)

    def test_a_failed_write_removes_the_stored_file(self):
        before = self.stored_files()
        with (
            mock.patch.object(Document, "save", side_effect=IntegrityError("boom")),
            self.assertRaises(IntegrityError),
        ):
            do_add_version(self.report, ContentFile(PDF, name="v2.pdf"), "", self.regency)
        self.assertEqual(self.report.versions.count(), 1)
        self.assertEqual(self.stored_files(), before)

    def test_the_secretariat_edits_the_description(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/pustaka/{self.report.pk}/ubah/"
        response = self.client.post(url, FIELDS | {"title": "  Laporan   Rapat Koordinasi "})
        self.assertRedirects(
            response, self.report.get_absolute_url(), fetch_redirect_response=False
        )
        self.report.refresh_from_db()
        self.assertEqual((self.report.title, self.report.year), ("Laporan Rapat Koordinasi", 2025))
        self.assertEqual(self.report.versions.count(), 1)
