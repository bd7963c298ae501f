"""The strategic-plan document (Renstra AMPL): vision, mission, goals with their strategies and
the table of yearly targets, as a DOCX for the region to edit and adopt and as a PDF to read.

Both are laid out from `plan_context()`, in Bahasa Indonesia whatever the language of the
interface, and both are deterministic: the same plan gives the same bytes. The DOCX is built
directly with python-docx (the document has no fixed wording worth a template).
"""

import unicodedata
from dataclasses import dataclass

import docx
from django.utils import formats, translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from sinergi.lib import docx as word
from sinergi.lib import pdf
from sinergi.lib.docx import BOTTOM, LEFT, PAGE_HEIGHT, PAGE_WIDTH, RIGHT, TEXT_WIDTH, TOP
from sinergi.lib.pdf import BOLD, FONT, Paragraph
from sinergi.monitoring.models import Indicator
from sinergi.monitoring.values import plain_number

DOCX_CONTENT_TYPE = word.CONTENT_TYPE
PDF_CONTENT_TYPE = "application/pdf"
NUMBER_WIDTH, UNIT_WIDTH = 12, 22  # mm: the first and third columns of the target table
SECTIONS = ["I. VISI", "II. MISI", "III. TUJUAN DAN STRATEGI", "IV. TARGET INDIKATOR"]
TABLE_HEAD = ["No", "Indikator", "Satuan"]


@dataclass
class TargetRow:
    indicator: Indicator
    unit: str
    values: list[str]  # one for each year of the plan, "" when there is none


def format_target(value) -> str:
    """A target with its own decimals and the grouping of the current language ("1.500,5")."""
    places = len(plain_number(value).partition(",")[2])
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


def _heading(container, text, *, before=0):
    """A section or goal heading, kept on the page of what follows it."""
    paragraph = word.add_paragraph(container, text, bold=True, after=6 if before else 4)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _set_up(document, plan, context):
    word.set_up_page(document, line_spacing=1.15, table_font_size=9)
    word.set_properties(
        document,
        title=context["title"],
        subject=f"Rencana Strategis AMPL {context['period']}",
        comments="",
        keywords="",
        # The plan's own times, so that the same plan always gives the same file.
        created=plan.created,
        modified=plan.updated,
    )


def _docx_targets(document, context):
    widths = _table_widths(context)
    head = TABLE_HEAD + [str(year) for year in context["years"]]
    table = word.add_table(document, 1 + len(context["targets"]), widths, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, head, strict=True):
        word.fill(cell.paragraphs[0], label, bold=True, align=CENTER, after=None)
    word.repeat_as_header(table.rows[0])
    for row, values in zip(table.rows[1:], context["targets"], strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            align = None if index in (1, 2) else CENTER
            word.fill(cell.paragraphs[0], value, align=align, after=None)


def render_docx(plan) -> bytes:
    context = plan_context(plan)
    document = docx.Document()
    _set_up(document, plan, context)
    # Nothing may come before the first paragraph: the default document holds none.
    for line in heading_lines(context):
        word.add_paragraph(document, line, bold=True, align=CENTER)
    word.add_paragraph(document)
    word.add_paragraph(document, context["title"], align=CENTER)
    word.add_paragraph(document, context["status"], align=CENTER, after=18)

    vision, mission, goals, targets = SECTIONS
    _heading(document, vision, before=6)
    for line in context["vision"] or ["—"]:
        word.add_paragraph(document, line, align=JUSTIFY, after=6)
    _heading(document, mission, before=6)
    for number, line in enumerate(context["missions"], start=1):
        word.add_paragraph(document, f"{number}. {line}", align=JUSTIFY, after=4, indent=6)
    if not context["missions"]:
        word.add_paragraph(document, "—", after=6)

    _heading(document, goals, before=6)
    for goal in context["goals"]:
        _heading(document, f"{goal['label']}: {goal['text']}")
        for label, text in goal["strategies"]:
            word.add_paragraph(document, f"{label}: {text}", align=JUSTIFY, after=4, indent=8)
    if not context["goals"]:
        word.add_paragraph(document, "—", after=6)

    _heading(document, targets, before=6)
    if context["targets"]:
        intro = word.add_paragraph(
            document, "Target capaian indikator pada akhir setiap tahun.", after=6
        )
        intro.paragraph_format.keep_with_next = True
        _docx_targets(document, context)
    else:
        word.add_paragraph(document, "—")
    return word.to_bytes(document)


# The PDF.


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
        return Paragraph(pdf.markup(text), styles[style])

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
    context = plan_context(plan)
    return pdf.build_pdf(
        _pdf_story(context),
        title=context["title"],
        pagesize=(PAGE_WIDTH * mm, PAGE_HEIGHT * mm),
        margins=(LEFT * mm, RIGHT * mm, TOP * mm, BOTTOM * mm),
        lang="id",
        invariant=True,  # no creation time or random id: the same plan, the same bytes
    )


def document_filename(plan, fmt: str) -> str:
    return f"renstra-{plan.working_group.code}-{plan.start_year}-{plan.end_year}.{fmt}"
