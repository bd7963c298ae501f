"""Text extraction runs in bounded time and memory, never inside the request that uploads
(issue 13, item 8): a DOCX of a few kilobytes that unpacks to megabytes of XML cannot hold a
worker, and the text arrives, with its search entry, after the response."""

import io
import tracemalloc
import zipfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import SimpleTestCase

from sinergi.lib import deferred
from sinergi.library import actions, extract
from sinergi.library.models import DocumentVersion
from sinergi.library.tests.base import LibraryTestCase, docx_bytes, make_document
from sinergi.search.models import SearchEntry

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bomb(element: str, megabytes: int) -> bytes:
    """A DOCX whose word/document.xml repeats `element` to `megabytes` MB, packed to a few KB."""
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    with archive, archive.open("word/document.xml", "w", force_zip64=True) as part:
        part.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r>'.encode())
        block = element.encode() * (1024 * 1024 // len(element))
        for _ in range(megabytes):
            part.write(block)
        part.write(b"</w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


class FedBytes:
    """Counts the XML bytes the extractor unpacks and parses."""

    def __init__(self):
        self.buffers = []
        outer = self

        class Buffer(extract._TextBuffer):
            def __init__(self):
                super().__init__()
                self.initial = self.xml_left
                outer.buffers.append(self)

        self.patch = mock.patch.object(extract, "_TextBuffer", Buffer)

    @property
    def count(self):
        return sum(buffer.initial - buffer.xml_left for buffer in self.buffers)

    def __enter__(self):
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


class BoundedExtractionTestCase(SimpleTestCase):
    def test_a_zip_bomb_of_text_stops_at_the_text_cap(self):
        content = docx_bomb("<w:t>a</w:t>", 20)
        self.assertLess(len(content), 100_000)
        with FedBytes() as fed:
            text = extract.extract_text(io.BytesIO(content), "bom.docx")
        self.assertLessEqual(len(text), extract.MAX_CHARS)
        self.assertTrue(text.startswith("aaaa"))
        self.assertLess(fed.count, 5 * 1024 * 1024)  # of 20 MB

    def test_a_zip_bomb_without_text_stops_at_its_compression_ratio(self):
        content = docx_bomb("<w:r/>", 20)
        with FedBytes() as fed:
            self.assertEqual(extract.extract_text(io.BytesIO(content), "bom.docx"), "")
        self.assertLessEqual(fed.count, max(extract.SMALL_PART_BYTES, len(content) * 100))

    def test_the_xml_of_all_parts_is_capped_whatever_the_ratio(self):
        content = docx_bomb("<w:r/>", 4)
        no_ratio = mock.patch.object(extract, "MAX_RATIO", 10**9)
        one_megabyte = mock.patch.object(extract, "MAX_XML_BYTES", 1024 * 1024)
        with FedBytes() as fed, no_ratio, one_megabyte:
            extract.extract_text(io.BytesIO(content), "bom.docx")
        self.assertLessEqual(fed.count, 1024 * 1024)

    def test_memory_stays_flat_while_the_xml_streams(self):
        """No tree is built: parsing 1 MB of empty runs (175,000 elements) keeps nothing."""
        content = docx_bomb("<w:r/>", 1)
        with mock.patch.object(extract, "MAX_RATIO", 10**9):
            tracemalloc.start()
            try:
                extract.extract_text(io.BytesIO(content), "bom.docx")
                _current, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        self.assertLess(peak, 2 * 1024 * 1024)

    def test_a_part_with_a_doctype_gives_no_text(self):
        laughs = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(
                "word/document.xml",
                f'{laughs}<w:document xmlns:w="{W}"><w:p><w:t>&b;</w:t></w:p></w:document>',
            )
        self.assertEqual(extract.extract_text(buffer, "entitas.docx"), "")

    def test_extraction_stops_when_its_time_is_up(self):
        content = docx_bytes(["Judul", *["air minum " * 50] * 20])
        with mock.patch.object(extract, "MAX_SECONDS", -1):
            self.assertEqual(extract.extract_text(io.BytesIO(content), "sk.docx"), "")


class TextAfterResponseTestCase(LibraryTestCase):
    ADD = "/pokja/32.04/pustaka/baru/"
    WORDS = ["Laporan IPAL", "Lumpur tinja diangkut ke IPLT Soreang."]

    def upload(self):
        self.client.force_login(self.regency)
        data = {
            "title": "Laporan IPLT",
            "category": "laporan",
            "language": "id",
            "file": SimpleUploadedFile("laporan.docx", docx_bytes(self.WORDS)),
        }
        response = self.client.post(self.ADD, data)
        self.assertEqual(response.status_code, 302)
        return DocumentVersion.objects.get(document__title="Laporan IPLT")

    def entry_text(self, version):
        return SearchEntry.objects.get(
            kind=SearchEntry.Kind.DOCUMENT, object_id=version.document_id
        ).text

    def test_the_upload_request_does_not_extract_and_the_text_follows_the_response(self):
        queued = []
        spy = mock.patch.object(actions, "extract_text", wraps=extract.extract_text)
        # Keep what the request queued instead of running it when the response closes.
        hold = mock.patch.object(deferred, "_run", side_effect=queued.extend)
        with spy as extract_text, hold:
            version = self.upload()
            extract_text.assert_not_called()
            self.assertEqual((version.text, version.text_pending), ("", True))
            self.assertNotIn("IPLT Soreang", self.entry_text(version))
            for task in queued:
                task()
            extract_text.assert_called_once()
        version.refresh_from_db()
        self.assertFalse(version.text_pending)
        self.assertIn("Lumpur tinja diangkut ke IPLT Soreang.", version.text)
        self.assertIn("IPLT Soreang", self.entry_text(version))

    def test_through_the_client_the_text_is_there_once_the_response_is_done(self):
        version = self.upload()
        self.assertFalse(version.text_pending)
        self.assertIn("IPLT Soreang", version.text)
        self.assertIn("IPLT Soreang", self.entry_text(version))

    def test_the_command_catches_up_with_texts_left_pending(self):
        with mock.patch.object(deferred, "_run"):  # the process died before running it
            version = self.upload()
        gone = make_document(self.bandung_group, "Berkas hilang").versions.get()
        DocumentVersion.objects.filter(pk=gone.pk).update(text_pending=True)
        gone.file.delete(save=False)
        out = io.StringIO()
        call_command("extract_document_text", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Document texts extracted: 2, still pending: 0")
        version.refresh_from_db()
        self.assertIn("IPLT Soreang", version.text)
        self.assertIn("IPLT Soreang", self.entry_text(version))
        gone.refresh_from_db()
        self.assertEqual((gone.text, gone.text_pending), ("", False))
        out = io.StringIO()
        call_command("extract_document_text", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Document texts extracted: 0, still pending: 0")
