"""Every view that serves an uploaded file does so through sinergi/lib/downloads.py: an
attachment of the type its name says, never sniffed, 404 when the storage has lost the file, a
header no file name can break; and a file is deleted only when the removal commits."""

import datetime
import io
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.test import SimpleTestCase, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from PIL import Image

from sinergi.decrees.models import Decree
from sinergi.formation.models import Evidence
from sinergi.formation.tests.base import FormationTestCase
from sinergi.lib.downloads import attachment, content_disposition
from sinergi.library.models import Document, DocumentVersion
from sinergi.meetings.models import Meeting
from sinergi.news.models import Post
from sinergi.planning.models import StrategicPlan

MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUOTED = 'Laporan "akhir" — Bandung.pdf'


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (11, 94, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class PrivateFilesTestCase(FormationTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def setUp(self):
        """One record with a file behind each private-file address, stored afresh for each
        test (a test deletes them from storage)."""
        group = self.bandung_group
        today = timezone.localdate()
        decree = Decree.objects.create(
            working_group=group,
            number="1/2026",
            signed_on=today,
            signatory="Bupati Bandung",
            valid_from=today,
            valid_until=today,
        )
        decree.scan.save("sk.pdf", ContentFile(PDF))
        group.strategic_plan_file.save("renstra.pdf", ContentFile(PDF))
        plan = StrategicPlan.objects.create(
            working_group=group, title="Renstra", start_year=2025, end_year=2029
        )
        plan.adopting_file.save("penetapan.pdf", ContentFile(PDF))
        evidence = Evidence(step=self.formation.steps.get(number=2), title="Berita acara")
        evidence.file.save("berita-acara.pdf", ContentFile(PDF))
        meeting = Meeting.objects.create(
            working_group=group,
            kind=Meeting.Kind.values[0],
            title="Rapat",
            starts_at=timezone.now() - datetime.timedelta(days=1),
        )
        meeting.minutes_file.save("notulen.pdf", ContentFile(PDF), save=False)
        meeting.attendance_file.save("hadir.png", ContentFile(png()))
        document = Document.objects.create(
            working_group=group, title="Laporan", category="panduan", is_public=False
        )
        version = DocumentVersion(document=document, number=1, filename=QUOTED, size=len(PDF))
        version.file.save("laporan.pdf", ContentFile(PDF))
        post = Post.objects.create(working_group=group, title="Draf", body="Isi.")
        post.image.save("foto.png", ContentFile(png()))
        self.evidence = evidence
        self.records = [decree, group, plan, evidence, meeting, version, post]
        # address → (a reader in scope, content type, disposition)
        pdf, image = "application/pdf", "image/png"
        self.urls = {
            f"/pokja/32.04/sk/{decree.pk}/pindaian/": (self.regency, pdf, "attachment"),
            "/pokja/32.04/renstra/": (self.member, pdf, "attachment"),
            f"/pokja/32.04/renstra/rencana/{plan.pk}/berkas-penetapan/": (
                self.member,
                pdf,
                "attachment",
            ),
            f"/pokja/32.73/pembentukan/bukti/{evidence.pk}/": (
                self.provincial,
                pdf,
                "attachment",
            ),
            f"/pokja/32.04/rapat/{meeting.pk}/berkas/notulen/": (self.member, pdf, "attachment"),
            f"/pokja/32.04/rapat/{meeting.pk}/berkas/daftar-hadir/": (
                self.member,
                image,
                "attachment",
            ),
            f"/pustaka/{document.pk}/unduh/": (self.member, pdf, "attachment"),
            f"/pustaka/{document.pk}/v1/unduh/": (self.member, pdf, "attachment"),
            f"/berita/{post.pk}/gambar/": (self.member, image, "inline"),
        }

    def stored_files(self):
        return [
            getattr(record, field.name)
            for record in self.records
            for field in record._meta.concrete_fields
            if field.get_internal_type() in ("FileField", "ImageField")
            and getattr(record, field.name)
        ]

    def test_every_private_file_is_served_with_its_type_as_an_attachment_never_sniffed(self):
        for url, (user, content_type, disposition) in self.urls.items():
            with self.subTest(url):
                self.client.force_login(user)
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r["Content-Type"], content_type)
                self.assertEqual(r["Content-Disposition"].split(";")[0], disposition)
                self.assertEqual(r["X-Content-Type-Options"], "nosniff")
                self.assertIn("no-store", r["Cache-Control"])
                self.assertTrue(b"".join(r.streaming_content))

    def test_outsiders_still_get_404(self):
        self.client.force_login(self.outsider)
        for url in self.urls:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_file_missing_from_storage_is_404_not_500(self):
        files = self.stored_files()
        self.assertEqual(len(files), 8)
        for file in files:
            default_storage.delete(file.name)
        for url, (user, _type, _disposition) in self.urls.items():
            with self.subTest(url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_name_with_quotes_and_non_ascii_reaches_the_reader_intact(self):
        self.client.force_login(self.member)
        r = self.client.get(next(url for url in self.urls if url.endswith("/unduh/")))
        self.assertEqual(
            r["Content-Disposition"],
            'attachment; filename="Laporan _akhir_ _ Bandung.pdf"; '
            "filename*=UTF-8''Laporan%20%22akhir%22%20%E2%80%94%20Bandung.pdf",
        )

    def test_a_name_with_a_line_break_adds_no_header(self):
        DocumentVersion.objects.update(filename='x.pdf"\r\nSet-Cookie: a=b\r\n.pdf')
        self.client.force_login(self.member)
        r = self.client.get(next(url for url in self.urls if url.endswith("/unduh/")))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(r.has_header("Set-Cookie"))
        self.assertNotIn("\n", r["Content-Disposition"])
        self.assertTrue(r["Content-Disposition"].startswith('attachment; filename="x.pdf_ '))

    def test_removed_evidence_keeps_its_file_when_the_transaction_rolls_back(self):
        name = self.evidence.file.name
        url = f"/pokja/32.73/pembentukan/bukti/{self.evidence.pk}/hapus/"
        self.client.force_login(self.provincial)

        class Rollback(Exception):
            pass

        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    self.assertEqual(self.client.post(url).status_code, 302)
                    self.assertFalse(Evidence.objects.filter(pk=self.evidence.pk).exists())
                    raise Rollback
            except Rollback:
                pass
        self.assertTrue(Evidence.objects.filter(pk=self.evidence.pk).exists())
        self.assertTrue(default_storage.exists(name))
        # Committed, the file goes with its record.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url)
        self.assertFalse(default_storage.exists(name))


class ContentDispositionTestCase(SimpleTestCase):
    def test_an_ascii_name_is_quoted_alone(self):
        self.assertEqual(content_disposition("sk-2026.pdf"), 'attachment; filename="sk-2026.pdf"')
        self.assertEqual(
            content_disposition("foto.png", inline=True), 'inline; filename="foto.png"'
        )

    def test_other_names_get_an_ascii_fallback_and_the_exact_name(self):
        for name, expected in [
            ("Rekap Décembre.xlsx", "filename=\"Rekap Decembre.xlsx\"; filename*=UTF-8''Rekap"),
            ("報告.pdf", "filename=\"__.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf"),
            ('a\\b";c.pdf', "filename=\"b__c.pdf\"; filename*=UTF-8''b%22%3Bc.pdf"),
            ("100%.pdf", "filename=\"100_.pdf\"; filename*=UTF-8''100%25.pdf"),
        ]:
            with self.subTest(name):
                self.assertIn(expected, content_disposition(name))

    def test_line_breaks_and_direction_marks_are_dropped(self):
        value = content_disposition("a\r\nb\u202egnp.exe")
        self.assertEqual(value, 'attachment; filename="a b gnp.exe"')
        self.assertEqual(content_disposition(""), 'attachment; filename="berkas"')

    def test_attachment_sets_the_header_of_any_response(self):
        response = attachment(HttpResponse(b"x"), "ekspor-32.04.csv")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="ekspor-32.04.csv"')


class NoAddressForUploadsTestCase(SimpleTestCase):
    def test_no_url_serves_media_root_even_in_development(self):
        # Django's static() helper served MEDIA_ROOT by path with DEBUG on, around every scope.
        with self.assertRaises(Resolver404):
            resolve("/media/decrees/2026/sk.pdf")
