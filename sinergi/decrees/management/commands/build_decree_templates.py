"""Build the default draft-decree templates shipped in sinergi/decrees/default_templates/.

The wording comes from sinergi/decrees/drafts.py, the layout from here: one DOCX per
`DecreeTemplate.Level`, with docxtpl (Jinja) tags for the variables of `draft_context()`. The
output does not depend on the day or the machine, so a rebuild changes nothing unless the wording
or the layout did. Run it after changing either, and commit the files.
"""

import datetime
import io
import zipfile
from pathlib import Path

import docx
from django.core.management.base import BaseCommand
from django.utils import translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sinergi.decrees import drafts
from sinergi.decrees.models import DecreeTemplate

FONT = "Bookman Old Style"  # the typeface of regional legal products (Permendagri 80/2015)
TEXT_WIDTH = 170  # mm: F4 width 215 less margins of 25 and 20
CLAUSE_WIDTHS = [32, 5, 12, TEXT_WIDTH - 49]
MEMBER_WIDTHS = [12, 35, 40, 48, TEXT_WIDTH - 135]
APPENDIX_WIDTHS = [TEXT_WIDTH - 100, 30, 5, 65]
SIGNATURE_INDENT = 85  # mm: the signing block sits in the right half
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
STABLE_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _paragraph(container, text="", *, bold=False, align=None, after=0, indent=None):
    paragraph = container.add_paragraph()
    _fill(paragraph, text, bold=bold, align=align, after=after)
    if indent is not None:
        paragraph.paragraph_format.left_indent = Mm(indent)
    return paragraph


def _fill(paragraph, text, *, bold=False, align=None, after=0):
    # One run a paragraph: a Jinja tag split across runs would not be found by docxtpl.
    if text:
        paragraph.add_run(text).bold = bold
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _table(document, rows: int, widths, style=None):
    table = document.add_table(rows=rows, cols=len(widths), style=style)
    table.autofit = False  # fixed layout: Word and LibreOffice keep the column widths
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _clauses(document, rows):
    """A borderless table in the columns of a decree: label, colon, marker, text. A row
    without a marker lets its text run over the marker column."""
    table = _table(document, len(rows), CLAUSE_WIDTHS)
    for row, (label, marker, text, after) in zip(table.rows, rows, strict=True):
        cells = row.cells
        _fill(cells[0].paragraphs[0], label)
        _fill(cells[1].paragraphs[0], ":" if label else "")
        if marker:
            _fill(cells[2].paragraphs[0], marker)
            _fill(cells[3].paragraphs[0], text, align=JUSTIFY, after=after)
        else:
            merged = cells[2].merge(cells[3])
            _fill(merged.paragraphs[0], text, align=JUSTIFY, after=after)
    return table


def _list(label, texts, markers):
    return [
        (label if i == 0 else "", marker, text, 2)
        for i, (marker, text) in enumerate(zip(markers, texts, strict=True))
    ]


def _signature(document):
    """Place and date to fill in, the office, room to sign, and the name; on one page."""
    lines = [f"Ditetapkan di {drafts.BLANK}", f"pada tanggal {drafts.BLANK}", ""]
    lines += ["{{ signatory_title|upper }},", "", "", ""]
    for text in lines:
        paragraph = _paragraph(
            document, text, bold=text.startswith("{{"), align=CENTER, indent=SIGNATURE_INDENT
        )
        paragraph.paragraph_format.keep_with_next = True
    _paragraph(document, drafts.BLANK, bold=True, align=CENTER, indent=SIGNATURE_INDENT)


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _members(document):
    table = _table(document, 4, MEMBER_WIDTHS, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, loop, values, end = table.rows
    for cell, label in zip(header.cells, drafts.MEMBER_COLUMNS, strict=True):
        _fill(cell.paragraphs[0], label, bold=True, align=CENTER)
    _repeat_as_header(header)
    # docxtpl drops the rows holding {%tr %} tags and repeats the row between them.
    _fill(loop.cells[0].paragraphs[0], "{%tr for m in members %}")
    row_tags = [
        "{{ loop.index }}",
        "{{ m.position }}",
        "{{ m.name }}",
        "{{ m.job_and_institution }}",
        "{{ m.field }}",
    ]
    for cell, tag in zip(values.cells, row_tags, strict=True):
        _fill(cell.paragraphs[0], tag, align=CENTER if tag == row_tags[0] else None)
    _fill(end.cells[0].paragraphs[0], "{%tr endfor %}")


def _set_up(document, level):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(215), Mm(330)  # F4
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(language)
    document.styles["Table Grid"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = "Rancangan Keputusan Pembentukan Pokja AMPL"
    with translation.override("id"):  # the templates are Indonesian whatever the locale
        properties.subject = str(DecreeTemplate.Level(level).label)
    properties.author = properties.last_modified_by = "Sinergi"
    properties.comments = "Templat docxtpl; variabelnya: docs/decree-templates.md"
    properties.language = "id-ID"
    properties.created = properties.modified = STABLE_TIME
    properties.revision = 1


def build_document(level: str) -> docx.document.Document:
    document = docx.Document()
    _set_up(document, level)
    # Nothing may come before the first paragraph: the default document holds none.
    heading = ["{{ signatory_title|upper }}"]
    if level == DecreeTemplate.Level.REGENCY:
        heading.append("{{ parent_name|upper }}")
    for text in [
        *heading,
        "",
        "KEPUTUSAN {{ signatory_title|upper }}",
        f"NOMOR {drafts.BLANK}",
        "",
        "TENTANG",
        "",
        drafts.TITLE,
        "",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "",
        "{{ signatory_title|upper }},",
        "",
    ]:
        _paragraph(document, text, bold=True, align=CENTER)

    considerations = drafts.CONSIDERATIONS
    _clauses(document, _list("Menimbang", considerations, drafts.markers(len(considerations))))
    _paragraph(document)
    bases = drafts.LEGAL_BASES
    _clauses(document, _list("Mengingat", bases, [f"{i}." for i in range(1, len(bases) + 1)]))
    _paragraph(document)
    _paragraph(document, "MEMUTUSKAN:", bold=True, align=CENTER, after=12)

    rows = [("Menetapkan", "", drafts.ENACTMENT, 8)]
    for label, text in drafts.ARTICLES:
        rows.append((label, "", text, 8))
        if label == drafts.TASKS_ARTICLE:
            markers = drafts.markers(len(drafts.TASKS))
            rows += [("", m, t, 2) for m, t in zip(markers, drafts.TASKS, strict=True)]
    articles = _clauses(document, rows)
    # A signature never stands alone on a page: the last article goes along with it.
    for cell in articles.rows[-1].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    _paragraph(document).paragraph_format.keep_with_next = True
    _signature(document)

    _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
    appendix = _table(document, 4, APPENDIX_WIDTHS)
    lines = [
        ("LAMPIRAN", "KEPUTUSAN {{ signatory_title|upper }}"),
        ("NOMOR", drafts.BLANK),
        ("TANGGAL", drafts.BLANK),
        ("TENTANG", drafts.TITLE),
    ]
    for row, (label, text) in zip(appendix.rows, lines, strict=True):
        _fill(row.cells[1].paragraphs[0], label)
        _fill(row.cells[2].paragraphs[0], ":")
        _fill(row.cells[3].paragraphs[0], text)
    _paragraph(document)
    for text in ["SUSUNAN KEANGGOTAAN", "{{ group_name|upper }}", "TAHUN {{ year }}", ""]:
        _paragraph(document, text, bold=True, align=CENTER)
    _members(document)
    _paragraph(document)
    _paragraph(document, "{%p if secretariat_address %}")
    _paragraph(document, "Alamat sekretariat: {{ secretariat_address }}")
    _paragraph(document, "{%p endif %}")
    _paragraph(document)
    _signature(document)
    return document


def stable_zip(data: bytes) -> bytes:
    """`data`, a zip, with every entry dated 1980-01-01, so that a rebuild gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def entries(data: bytes) -> dict[str, bytes]:
    """The uncompressed entries of a zip: equal for equal templates whatever zlib compressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build_template(level: str) -> bytes:
    buffer = io.BytesIO()
    build_document(level).save(buffer)
    return stable_zip(buffer.getvalue())


class Command(BaseCommand):
    help = "Build the default draft-decree templates (DOCX) from the wording in drafts.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=drafts.DEFAULT_TEMPLATES,
            help="Where to write <level>.docx (default: sinergi/decrees/default_templates/).",
        )

    def handle(self, *args, output_dir, **options):
        output_dir.mkdir(parents=True, exist_ok=True)
        written = 0
        for level in DecreeTemplate.Level.values:
            path = output_dir / f"{level}.docx"
            data = build_template(level)
            if path.exists() and entries(path.read_bytes()) == entries(data):
                continue
            path.write_bytes(data)
            written += 1
        total = len(DecreeTemplate.Level.values)
        self.stdout.write(f"{total} templates, {written} written, {total - written} unchanged.")
