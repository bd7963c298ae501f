"""The strategic-plan document (Renstra AMPL): vision, mission, goals with their strategies and
the table of yearly targets, as a DOCX for the region to edit and adopt and as a PDF to read.

Both are laid out from `plan_context()`, in Bahasa Indonesia whatever the language of the
interface, and both are deterministic: the same plan gives the same bytes. The DOCX is built
directly with python-docx (the document has no fixed wording worth a template).
"""

import functools
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import docx
from django.utils import formats, translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sinergi.monitoring.models import Indicator
from sinergi.monitoring.values import plain_number

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
PAGE_WIDTH, PAGE_HEIGHT = 215, 330  # mm: F4 (folio), the paper of regional documents
LEFT, RIGHT, TOP, BOTTOM = 25, 20, 20, 20  # mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
NUMBER_WIDTH, UNIT_WIDTH = 12, 22  # mm: the first and third columns of the target table
DOCX_FONT = "Bookman Old Style"
SECTIONS = ["I. VISI", "II. MISI", "III. TUJUAN DAN STRATEGI", "IV. TARGET INDIKATOR"]
TABLE_HEAD = ["No", "Indikator", "Satuan"]


@dataclass
class TargetRow:
    indicator: Indicator
    unit: str
    values: list[str]  # one for each year of the plan, "" when there is none


def format_target(value) -> str:
    """A target with its own decimals and the grouping of the current language ("1.500,5")."""
    places = len(plain_number(value).partition(".")[2])
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def target_rows(plan, targets) -> list[TargetRow]:
    """The table of `targets` (loaded with their indicator): a row for each indicator, in
    catalogue order, and a column for each year of the plan."""
    years = list(plan.years)
    rows: dict[int, TargetRow] = {}
    ordered = sorted(targets, key=lambda t: (t.indicator.order, t.indicator.code, t.year))
    for target in ordered:
        if target.year not in plan.years:
            continue
        row = rows.get(target.indicator_id)
        if row is None:
            indicator = target.indicator
            row = TargetRow(indicator, indicator.get_unit_display(), [""] * len(years))
            rows[target.indicator_id] = row
        row.values[target.year - plan.start_year] = format_target(target.value)
    return list(rows.values())


def _clean(text) -> str:
    """`text` without the control characters XML cannot hold; line breaks stay."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(
        char
        for char in text
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Cn")
    )


def _lines(text) -> list[str]:
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def plan_context(plan) -> dict:
    """Everything the documents show, in Indonesian. Three queries: goals, their strategies,
    and the targets with their indicators."""
    goals = plan.goals.prefetch_related("strategies")
    targets = plan.targets.select_related("indicator")
    group = plan.working_group
    with translation.override("id"):
        rows = target_rows(plan, targets)
        for row in rows:
            row.unit = _clean(row.unit)
        if plan.status == plan.Status.ADOPTED:
            day = formats.date_format(plan.adopted_on, "j F Y")
            by = f" dengan {_clean(plan.adopted_by)}," if plan.adopted_by else ""
            status = f"Ditetapkan{by} tanggal {day}"
        else:
            status = "Rancangan"
    return {
        "title": _clean(plan.title),
        "group_name": _clean(group.name),
        "period": f"{plan.start_year}–{plan.end_year}",
        "years": list(plan.years),
        "status": status,
        "vision": _lines(plan.vision),
        "missions": _lines(plan.mission),
        "goals": [
            {
                "label": f"Tujuan {goal.number}",
                "text": _clean(goal.text),
                "strategies": [
                    (f"Strategi {goal.number}.{i}", _clean(strategy.text))
                    for i, strategy in enumerate(goal.strategies.all(), start=1)
                ],
            }
            for goal in goals
        ],
        "targets": [
            [str(number), _clean(row.indicator.name_id), row.unit, *row.values]
            for number, row in enumerate(rows, start=1)
        ],
    }


def heading_lines(context) -> list[str]:
    return [
        "RENCANA STRATEGIS",
        "AIR MINUM DAN PENYEHATAN LINGKUNGAN",
        context["group_name"].upper(),
        f"TAHUN {context['period']}",
    ]


def _year_width(context) -> float:
    """mm for each year column: what the number, indicator and unit columns leave, shared."""
    return min(20, (TEXT_WIDTH - NUMBER_WIDTH - UNIT_WIDTH - 50) / len(context["years"]))


def _table_widths(context) -> list[float]:
    year = _year_width(context)
    years = year * len(context["years"])
    return [NUMBER_WIDTH, TEXT_WIDTH - NUMBER_WIDTH - UNIT_WIDTH - years, UNIT_WIDTH] + [
        year
    ] * len(context["years"])


# The DOCX.

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


def _paragraph(container, text="", *, bold=False, align=None, after=0, indent=None):
    paragraph = container.add_paragraph()
    if text:
        paragraph.add_run(text).bold = bold
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if indent is not None:
        paragraph.paragraph_format.left_indent = Mm(indent)
    return paragraph


def _heading(container, text, *, before=0):
    """A section or goal heading, kept on the page of what follows it."""
    paragraph = _paragraph(container, text, bold=True, after=6 if before else 4)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _cell_text(cell, text, *, bold=False, align=None):
    paragraph = cell.paragraphs[0]
    if text:
        paragraph.add_run(text).bold = bold
    paragraph.alignment = align


def _set_up(document, plan, context):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(language)
    document.styles["Table Grid"].font.size = Pt(9)
    properties = document.core_properties
    properties.title = context["title"]
    properties.subject = f"Rencana Strategis AMPL {context['period']}"
    properties.author = properties.last_modified_by = "Sinergi"
    properties.comments = ""
    properties.keywords = ""
    properties.language = "id-ID"
    # The plan's own times, so that the same plan always gives the same file.
    properties.created = plan.created
    properties.modified = plan.updated
    properties.revision = 1


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _docx_targets(document, context):
    widths = _table_widths(context)
    head = TABLE_HEAD + [str(year) for year in context["years"]]
    table = document.add_table(rows=1 + len(context["targets"]), cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word and LibreOffice keep the column widths
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    for cell, label in zip(table.rows[0].cells, head, strict=True):
        _cell_text(cell, label, bold=True, align=CENTER)
    _repeat_as_header(table.rows[0])
    for row, values in zip(table.rows[1:], context["targets"], strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell_text(cell, value, align=None if index in (1, 2) else CENTER)


def _stable_zip(data: bytes) -> bytes:
    """`data`, a zip, with every entry dated 1980-01-01, so that equal documents are equal
    bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def render_docx(plan) -> bytes:
    context = plan_context(plan)
    document = docx.Document()
    _set_up(document, plan, context)
    # Nothing may come before the first paragraph: the default document holds none.
    for line in heading_lines(context):
        _paragraph(document, line, bold=True, align=CENTER)
    _paragraph(document)
    _paragraph(document, context["title"], align=CENTER)
    _paragraph(document, context["status"], align=CENTER, after=18)

    vision, mission, goals, targets = SECTIONS
    _heading(document, vision, before=6)
    for line in context["vision"] or ["—"]:
        _paragraph(document, line, align=JUSTIFY, after=6)
    _heading(document, mission, before=6)
    for number, line in enumerate(context["missions"], start=1):
        _paragraph(document, f"{number}. {line}", align=JUSTIFY, after=4, indent=6)
    if not context["missions"]:
        _paragraph(document, "—", after=6)

    _heading(document, goals, before=6)
    for goal in context["goals"]:
        _heading(document, f"{goal['label']}: {goal['text']}")
        for label, text in goal["strategies"]:
            _paragraph(document, f"{label}: {text}", align=JUSTIFY, after=4, indent=8)
    if not context["goals"]:
        _paragraph(document, "—", after=6)

    _heading(document, targets, before=6)
    if context["targets"]:
        intro = _paragraph(document, "Target capaian indikator pada akhir setiap tahun.", after=6)
        intro.paragraph_format.keep_with_next = True
        _docx_targets(document, context)
    else:
        _paragraph(document, "—")
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


# The PDF.

FONT, BOLD = "Vera", "Vera-Bold"


@functools.cache
def _glyphs() -> dict:
    """Register Vera (embedded from reportlab's own copy) once; its character map."""
    for name, filename in [(FONT, "Vera.ttf"), (BOLD, "VeraBd.ttf")]:
        pdfmetrics.registerFont(TTFont(name, filename))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return pdfmetrics.getFont(FONT).face.charToGlyph


def _pdf_text(text) -> str:
    """Plain text as reportlab markup: escaped, and each character Vera cannot draw replaced by
    its base letter where it has one."""
    glyphs = _glyphs()
    chars = []
    for char in str(text):
        if ord(char) in glyphs:
            chars.append(char)
        elif char.isspace():
            chars.append(" ")
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            chars.append(base if base and ord(base) in glyphs else "?")
    return escape("".join(chars))


def _pdf_story(context) -> list:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=4)
    styles = {
        "body": ParagraphStyle("text", parent=body, alignment=TA_JUSTIFY),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "section": ParagraphStyle(
            "section", parent=body, fontName=BOLD, spaceBefore=4 * mm, keepWithNext=1
        ),
        "goal": ParagraphStyle("goal", parent=body, fontName=BOLD, keepWithNext=1),
        "intro": ParagraphStyle("intro", parent=body, keepWithNext=1),
        "item": ParagraphStyle("item", parent=body, alignment=TA_JUSTIFY, leftIndent=8 * mm),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "number": ParagraphStyle(
            "number", parent=body, fontSize=8, leading=10, spaceAfter=0, alignment=TA_CENTER
        ),
        "head": ParagraphStyle(
            "head", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
    }

    def para(text, style="body"):
        return Paragraph(_pdf_text(text), styles[style])

    story = [para(line, "title") for line in heading_lines(context)]
    story += [
        Spacer(1, 4 * mm),
        para(context["title"], "center"),
        para(context["status"], "center"),
        Spacer(1, 4 * mm),
    ]
    vision, mission, goals, targets = SECTIONS
    story.append(para(vision, "section"))
    story += [para(line) for line in context["vision"] or ["—"]]
    story.append(para(mission, "section"))
    missions = context["missions"]
    story += [para(f"{n}. {line}", "item") for n, line in enumerate(missions, start=1)]
    story += [] if missions else [para("—")]
    story.append(para(goals, "section"))
    for goal in context["goals"]:
        story.append(para(f"{goal['label']}: {goal['text']}", "goal"))
        story += [para(f"{label}: {text}", "item") for label, text in goal["strategies"]]
    story += [] if context["goals"] else [para("—")]
    story.append(para(targets, "section"))
    if not context["targets"]:
        return [*story, para("—")]
    story.append(para("Target capaian indikator pada akhir setiap tahun.", "intro"))
    head = TABLE_HEAD + [str(year) for year in context["years"]]
    rows = [[para(label, "head") for label in head]]
    rows += [
        [para(value, "cell" if i in (1, 2) else "number") for i, value in enumerate(values)]
        for values in context["targets"]
    ]
    table = Table(
        rows, colWidths=[w * mm for w in _table_widths(context)], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [*story, table]


def render_pdf(plan) -> bytes:
    _glyphs()
    context = plan_context(plan)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH * mm, PAGE_HEIGHT * mm),
        leftMargin=LEFT * mm,
        rightMargin=RIGHT * mm,
        topMargin=TOP * mm,
        bottomMargin=BOTTOM * mm,
        title=context["title"],
        author="Sinergi",
        creator="Sinergi",
        lang="id",
        initialFontName=FONT,
        invariant=True,  # no creation time or random id: the same plan, the same bytes
    )
    document.build(_pdf_story(context))
    return buffer.getvalue()


def document_filename(plan, fmt: str) -> str:
    return f"renstra-{plan.working_group.code}-{plan.start_year}-{plan.end_year}.{fmt}"
