"""Word documents (python-docx) for a region to edit: the page and typeface of regional legal
products, paragraphs and fixed-width tables, and files whose bytes depend only on their content.

Used by the draft-decree templates (`decrees/management/commands/build_decree_templates.py`)
and the strategic-plan document (`planning/documents.py`).
"""

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# F4 (folio), the paper of regional documents, and its margins, in mm.
PAGE_WIDTH, PAGE_HEIGHT = 215, 330
LEFT, RIGHT, TOP, BOTTOM = 25, 20, 20, 20
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
FONT = "Bookman Old Style"  # the typeface of regional legal products (Permendagri 80/2015)


def set_up_page(document, *, line_spacing: float, table_font_size: float):
    """F4 with its margins, 12-point Bookman Old Style in Indonesian, no space after a
    paragraph; `table_font_size` for tables in the "Table Grid" style."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = line_spacing
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(language)
    document.styles["Table Grid"].font.size = Pt(table_font_size)


def set_properties(document, *, title, subject, comments, created, modified, **more):
    """The document's properties, written by Sinergi in Indonesian. `created` and `modified`
    come from the content, not the clock, so that the same content gives the same file."""
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = properties.last_modified_by = "Sinergi"
    properties.comments = comments
    for name, value in more.items():
        setattr(properties, name, value)
    properties.language = "id-ID"
    properties.created = created
    properties.modified = modified
    properties.revision = 1


def fill(paragraph, text="", *, bold=False, align=None, after=0):
    """One run with `text`: a tag split across runs would not be found by docxtpl. `after` is
    the space after in points; None leaves the style's."""
    if text:
        paragraph.add_run(text).bold = bold
    paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def add_paragraph(container, text="", *, bold=False, align=None, after=0, indent=None):
    """A new paragraph of one run; `indent` is the left indent in mm."""
    paragraph = fill(container.add_paragraph(), text, bold=bold, align=align, after=after)
    if indent is not None:
        paragraph.paragraph_format.left_indent = Mm(indent)
    return paragraph


def add_table(container, rows: int, widths, style=None):
    """A table with columns of fixed `widths` (mm), which Word and LibreOffice keep."""
    table = container.add_table(rows=rows, cols=len(widths), style=style)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def repeat_as_header(row):
    """Repeat the table row at the top of every page the table runs on."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def to_bytes(document) -> bytes:
    """`document` saved, with every zip entry dated 1980-01-01, so that equal documents are
    equal bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """`data`, a zip, with every entry dated 1980-01-01."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()
