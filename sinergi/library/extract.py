"""Text of uploaded documents for the full-text search.

Extraction is bounded and never fails: a damaged or encrypted file gives empty text, a huge one
(or a "zip bomb", a small upload that unpacks to gigabytes) gives the text read within these
limits, whichever comes first:

- MAX_CHARS characters of text (the search index reads no more);
- MAX_XML_BYTES bytes of XML unpacked from an Office archive, all its parts together, and from
  each part at most MAX_RATIO times its packed size (ordinary XML packs 5 to 20 times; a
  bomb packs hundreds of times);
- MAX_SECONDS of work.

It also runs in bounded memory: the XML is parsed as a stream of tags and text (expat's
callbacks), with no tree built, so what stays in memory is the text kept. A part that declares a
DTD is not read (Office XML has none; entity tricks need one).

Extraction takes time, so it never runs inside the request that uploads: see
`library.actions.do_extract_text`, run after the response.

- PDF: pypdf, page by page, the first MAX_PDF_PAGES pages.
- DOCX, PPTX, XLSX: paragraph text, slide text, the strings of a workbook's cells.
- Images: no text.
"""

import logging
import re
import time
import zipfile
from xml.parsers import expat

from sinergi.lib.uploads import format_of_name

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = 300
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100
# A part smaller than this unpacked is read whatever its ratio (tiny parts pack oddly).
SMALL_PART_BYTES = 1024 * 1024
MAX_SECONDS = 10.0
READ_CHUNK = 64 * 1024

# Namespaces as expat writes them before a tag's local name ("uri}local").
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class _TextBuffer:
    """The text read so far (at most MAX_CHARS characters), the XML bytes and the time left."""

    def __init__(self):
        self.parts, self.length, self.limit = [], 0, MAX_CHARS
        # Bytes of XML still to be read, for all the parts of one file together.
        self.xml_left = MAX_XML_BYTES
        self.deadline = time.monotonic() + MAX_SECONDS

    def add(self, text):
        if text and not self.full:
            text = text[: self.limit - self.length]
            self.parts.append(text)
            self.length += len(text)

    @property
    def full(self):
        return self.length >= self.limit

    @property
    def late(self):
        return time.monotonic() > self.deadline

    @property
    def done(self):
        """No more text is wanted, or no more XML may be read, or the time is up."""
        return self.full or self.xml_left <= 0 or self.late

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
    except Exception:  # a damaged file must not break anything: keep what was read
        logger.info("Text extraction stopped for %s", name, exc_info=True)
    finally:
        file.seek(0)
    if buffer.done and not buffer.full:
        logger.info("Text extraction of %s stopped at its limit of bytes or time", name)
    return buffer.text()


def _pdf(file, buffer):
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted and not reader.decrypt(""):
        return  # encrypted with a password: no text
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or buffer.full or buffer.late:
            break
        buffer.add(page.extract_text() or "")
        buffer.add("\n\n")


def _part_budget(info: zipfile.ZipInfo) -> int:
    """The bytes of the part `info` that may be unpacked, by its packed size."""
    return max(SMALL_PART_BYTES, info.compress_size * MAX_RATIO)


class _DoctypeRefused(Exception):
    pass


def _refuse_doctype(*args):
    # Office XML never declares a DTD; one in an upload can only serve entity tricks.
    raise _DoctypeRefused


def _xml_text(archive, part, buffer, text_tag, separators):
    """Add the text of the `text_tag` elements of `part`, and after each element named in
    `separators` (tag → separator) its separator.

    Expat's callbacks see the XML as a stream of tags and text; no tree is built, so memory
    holds the text kept and one chunk of XML, whatever the size of the part."""
    budget = _part_budget(archive.getinfo(part))
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    inside = False

    def start(name, attributes):
        nonlocal inside
        inside = inside or name == text_tag

    def end(name):
        nonlocal inside
        if name == text_tag:
            inside = False
        elif name in separators:
            buffer.add(separators[name])

    def text(data):
        if inside:
            buffer.add(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    with archive.open(part) as raw:
        while not buffer.done and budget > 0:
            data = raw.read(min(READ_CHUNK, budget, buffer.xml_left))
            if not data:
                break
            budget -= len(data)
            buffer.xml_left -= len(data)
            parser.Parse(data, False)


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
            if buffer.done:
                return
            _xml_text(archive, part, buffer, f"{S}t", {f"{S}c": " ", f"{S}row": "\n"})
