"""The content check of sinergi.lib.uploads: the name's extension must say what the file is."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from sinergi.lib.uploads import DOCUMENT_KINDS, SCAN_KINDS, FileKindValidator, detect_format
from sinergi.library.tests.base import PDF, docx_bytes, png_bytes, pptx_bytes, xlsx_bytes

DOCX = docx_bytes(["Judul", "Isi"])
XLSX = xlsx_bytes()
PPTX = pptx_bytes(["Slide"])


def upload(name, content):
    return SimpleUploadedFile(name, content)


class UploadsTestCase(SimpleTestCase):
    def test_it_tells_the_office_formats_apart(self):
        for content, expected in [
            (PDF, "pdf"),
            (png_bytes(), "png"),
            (DOCX, "docx"),
            (XLSX, "xlsx"),
            (PPTX, "pptx"),
            (b"just text", None),
            (b"PK\x03\x04 not really a zip", None),
        ]:
            with self.subTest(expected=expected):
                self.assertEqual(detect_format(upload("x", content)), expected)

    def test_it_accepts_files_whose_name_matches_their_content(self):
        validate = FileKindValidator(DOCUMENT_KINDS)
        for name, content in [
            ("a.pdf", PDF),
            ("A.PDF", PDF),
            ("b.docx", DOCX),
            ("c.xlsx", XLSX),
            ("d.pptx", PPTX),
            ("e.png", png_bytes()),
        ]:
            with self.subTest(name=name):
                validate(upload(name, content))

    def test_it_refuses_a_name_that_lies_about_the_content(self):
        validate = FileKindValidator(DOCUMENT_KINDS)
        for name, content in [
            ("sk.pdf", DOCX),
            ("sk.pdf", png_bytes()),
            ("data.docx", XLSX),
            ("slides.xlsx", PPTX),
            ("foto.jpg", png_bytes()),
            ("sk.doc", DOCX),
            ("sk", PDF),
            ("sk.exe", PDF),
        ]:
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                validate(upload(name, content))
            self.assertEqual(caught.exception.code, "wrong_extension")

    def test_a_text_file_is_not_a_document(self):
        with self.assertRaises(ValidationError) as caught:
            FileKindValidator(DOCUMENT_KINDS)(upload("x.pdf", b"plain text"))
        self.assertEqual(caught.exception.code, "wrong_kind")

    def test_a_docx_is_not_a_scan(self):
        with self.assertRaises(ValidationError) as caught:
            FileKindValidator(SCAN_KINDS)(upload("sk.docx", DOCX))
        self.assertEqual(caught.exception.code, "wrong_kind")

    @override_settings(UPLOAD_MAX_MB=1)
    def test_a_large_file_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            FileKindValidator(DOCUMENT_KINDS)(upload("x.pdf", PDF + b"0" * 1024 * 1024))
        self.assertEqual(caught.exception.code, "too_large")
