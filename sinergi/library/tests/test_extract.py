import io
import zipfile
from unittest import mock

from django.test import SimpleTestCase
from pypdf import PdfReader, PdfWriter

from sinergi.library import extract
from sinergi.library.extract import extract_text
from sinergi.library.tests.base import (
    docx_bytes,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
    xlsx_bytes,
)


def text_of(content, name):
    return extract_text(io.BytesIO(content), name)


class ExtractTestCase(SimpleTestCase):
    def test_it_reads_a_pdf_made_with_reportlab(self):
        content = pdf_bytes(["Panduan", "Pembangunan sanitasi dan air minum di Cinunuk."])
        text = text_of(content, "panduan.pdf")
        self.assertIn("Panduan", text)
        self.assertIn("sanitasi dan air minum di Cinunuk", text)

    def test_it_reads_the_paragraphs_of_a_docx(self):
        content = docx_bytes(["Contoh SK", "MEMUTUSKAN", "KESATU: Membentuk Pokja AMPL."])
        text = text_of(content, "sk.docx")
        self.assertEqual(
            text.splitlines(), ["Contoh SK", "MEMUTUSKAN", "KESATU: Membentuk Pokja AMPL."]
        )

    def test_it_reads_the_cells_of_a_workbook_and_the_slides_of_a_presentation(self):
        self.assertIn("Dinas Kesehatan", text_of(xlsx_bytes(), "k.xlsx"))
        text = text_of(pptx_bytes(["Rapat koordinasi", "Tindak lanjut"]), "s.pptx")
        self.assertEqual(text.split(), ["Rapat", "koordinasi", "Tindak", "lanjut"])

    def test_images_and_damaged_files_give_no_text(self):
        self.assertEqual(text_of(png_bytes(), "foto.png"), "")
        self.assertEqual(text_of(b"%PDF-1.4 broken beyond repair", "rusak.pdf"), "")
        self.assertEqual(text_of(b"PK\x03\x04 nope", "rusak.docx"), "")

    def test_an_encrypted_pdf_gives_no_text(self):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Rahasia", "sanitasi"]))))
        writer.encrypt("kata-sandi")
        buffer = io.BytesIO()
        writer.write(buffer)
        self.assertEqual(text_of(buffer.getvalue(), "rahasia.pdf"), "")

    def test_the_text_is_capped(self):
        content = docx_bytes(["Judul", *["air minum " * 50] * 20])
        with mock.patch.object(extract, "MAX_CHARS", 300):
            self.assertLessEqual(len(text_of(content, "panjang.docx")), 300)

    def test_a_docx_whose_xml_is_too_big_is_read_only_in_part(self):
        buffer = io.BytesIO()
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        body = "".join(f"<w:p><w:r><w:t>kata{i}</w:t></w:r></w:p>" for i in range(2000))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", f'<w:document xmlns:w="{w}">{body}</w:document>')
        with mock.patch.object(extract, "MAX_XML_BYTES", 2000):
            text = text_of(buffer.getvalue(), "besar.docx")
        self.assertTrue(text.startswith("kata0\nkata1\n"))
        self.assertLess(len(text), 2000)
