"""Text of uploaded documents for the full-text search.

Extraction is bounded and never fails an upload: a damaged or encrypted file gives empty text,
a huge one gives the text of its first pages, at most MAX_CHARS characters.

- PDF: pypdf, page by page, the first MAX_PDF_PAGES pages.
- DOCX, PPTX, XLSX: the XML parts inside the zip are read as a stream (paragraph text, slide
  text, the strings of a workbook's cells), never more than MAX_XML_BYTES of XML, so a
  decompression bomb cannot exhaust memory.
- Images: no text.
"""

import logging
import re
import zipfile
from xml.etree import ElementTree

from sinergi.lib.uploads import format_of_name

logger = logging.getLogger(__name__)

MAX_CHARS = 1_000_000
MAX_PDF_PAGES = 300
MAX_XML_BYTES = 50 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class _TextBuffer:
    """The text read so far (at most MAX_CHARS characters) and the XML bytes left to read."""

    def __init__(self):
        self.parts, self.length, self.limit = [], 0, MAX_CHARS
        # Bytes of XML still to be read, for all the parts of one file together.
        self.xml_left = MAX_XML_BYTES

    def add(self, text):
        if text and not self.full:
            text = text[: self.limit - self.length]
            self.parts.append(text)
            self.length += len(text)

    @property
    def full(self):
        return self.length >= self.limit

    @property
    def done(self):
        """No more text is wanted, or no more XML may be read."""
        return self.full or self.xml_left <= 0

    def text(self):
        joined = "".join(self.parts)
        joined = re.sub(r"[ \t\r\f\v]+", " ", joined.replace("\x00", ""))
        return re.sub(r"\n\s*\n+", "\n\n", joined).strip()


def extract_text(file, name: str) -> str:
    """The text of `file` (an open binary file) whose validated name is `name`; "" when it has
    none or cannot be read."""
    handlers = {"pdf": _pdf, "docx": _docx, "pptx": _pptx, "xlsx": _xlsx}
    handler = handlers.get(format_of_name(name))
    if handler is None:
        return ""
    buffer = _TextBuffer()
    try:
        file.seek(0)
        handler(file, buffer)
    except Exception:  # a damaged file must not break the upload: keep what was read
        logger.info("Text extraction stopped for %s", name, exc_info=True)
    finally:
        file.seek(0)
    return buffer.text()


def _pdf(file, buffer):
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted and not reader.decrypt(""):
        return  # encrypted with a password: no text
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or buffer.full:
            break
        buffer.add(page.extract_text() or "")
        buffer.add("\n\n")


class _LimitedReader:
    """A read-only stream that ends when the buffer's budget of XML bytes is spent."""

    def __init__(self, stream, buffer):
        self.stream, self.buffer = stream, buffer

    def read(self, size=-1):
        left = self.buffer.xml_left
        if left <= 0:
            return b""
        if size is None or size < 0 or size > left:
            size = left
        data = self.stream.read(size)
        self.buffer.xml_left -= len(data)
        return data


def _xml_text(archive, part, buffer, text_tag, separators):
    """Add the text of the `text_tag` elements of `part`, and after each element named in
    `separators` (tag → separator) its separator."""
    with archive.open(part) as raw:
        for _event, element in ElementTree.iterparse(_LimitedReader(raw, buffer), events=("end",)):
            if element.tag == text_tag:
                buffer.add(element.text or "")
            elif element.tag in separators:
                buffer.add(separators[element.tag])
                element.clear()  # its text is taken: free the memory
            if buffer.full:
                return


def _docx(file, buffer):
    with zipfile.ZipFile(file) as archive:
        _xml_text(archive, "word/document.xml", buffer, f"{W}t", {f"{W}p": "\n"})


def _part_number(name):
    match = re.search(r"(\d+)\.xml$", name)
    return int(match.group(1)) if match else 0


def _pptx(file, buffer):
    with zipfile.ZipFile(file) as archive:
        slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        for part in sorted(slides, key=_part_number):
            _xml_text(archive, part, buffer, f"{A}t", {f"{A}p": "\n"})
            buffer.add("\n\n")
            if buffer.done:
                return


def _xlsx(file, buffer):
    """The shared strings of the workbook, then the strings written in the sheets' cells."""
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        sheets = [n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        if "xl/sharedStrings.xml" in names:
            _xml_text(archive, "xl/sharedStrings.xml", buffer, f"{S}t", {f"{S}si": "\n"})
        for part in sorted(sheets, key=_part_number):
            _xml_text(archive, part, buffer, f"{S}t", {f"{S}c": " ", f"{S}row": "\n"})
            if buffer.done:
                return
