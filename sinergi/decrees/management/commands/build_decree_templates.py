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

from sinergi.decrees import drafts
from sinergi.decrees.models import DecreeTemplate
from sinergi.lib import docx as word
from sinergi.lib.docx import TEXT_WIDTH

CLAUSE_WIDTHS = [32, 5, 12, TEXT_WIDTH - 49]
MEMBER_WIDTHS = [12, 35, 40, 48, TEXT_WIDTH - 135]
APPENDIX_WIDTHS = [TEXT_WIDTH - 100, 30, 5, 65]
SIGNATURE_INDENT = 85  # mm: the signing block sits in the right half
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
STABLE_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _clauses(document, rows):
    """A borderless table in the columns of a decree: label, colon, marker, text. A row
    without a marker lets its text run over the marker column."""
    table = word.add_table(document, len(rows), CLAUSE_WIDTHS)
    for row, (label, marker, text, after) in zip(table.rows, rows, strict=True):
        cells = row.cells
        word.fill(cells[0].paragraphs[0], label)
        word.fill(cells[1].paragraphs[0], ":" if label else "")
        if marker:
            word.fill(cells[2].paragraphs[0], marker)
            word.fill(cells[3].paragraphs[0], text, align=JUSTIFY, after=after)
        else:
            merged = cells[2].merge(cells[3])
            word.fill(merged.paragraphs[0], text, align=JUSTIFY, after=after)
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
        paragraph = word.add_paragraph(
            document, text, bold=text.startswith("{{"), align=CENTER, indent=SIGNATURE_INDENT
        )
        paragraph.paragraph_format.keep_with_next = True
    word.add_paragraph(document, drafts.BLANK, bold=True, align=CENTER, indent=SIGNATURE_INDENT)


def _members(document):
    table = word.add_table(document, 4, MEMBER_WIDTHS, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, loop, values, end = table.rows
    for cell, label in zip(header.cells, drafts.MEMBER_COLUMNS, strict=True):
        word.fill(cell.paragraphs[0], label, bold=True, align=CENTER)
    word.repeat_as_header(header)
    # docxtpl drops the rows holding {%tr %} tags and repeats the row between them.
    word.fill(loop.cells[0].paragraphs[0], "{%tr for m in members %}")
    row_tags = [
        "{{ loop.index }}",
        "{{ m.position }}",
        "{{ m.name }}",
        "{{ m.job_and_institution }}",
        "{{ m.field }}",
    ]
    for cell, tag in zip(values.cells, row_tags, strict=True):
        word.fill(cell.paragraphs[0], tag, align=CENTER if tag == row_tags[0] else None)
    word.fill(end.cells[0].paragraphs[0], "{%tr endfor %}")


def _set_up(document, level):
    word.set_up_page(document, line_spacing=1.0, table_font_size=11)
    with translation.override("id"):  # the templates are Indonesian whatever the locale
        subject = str(DecreeTemplate.Level(level).label)
    word.set_properties(
        document,
        title="Rancangan Keputusan Pembentukan Pokja AMPL",
        subject=subject,
        comments="Templat docxtpl; variabelnya: docs/decree-templates.md",
        created=STABLE_TIME,
        modified=STABLE_TIME,
    )


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
        word.add_paragraph(document, text, bold=True, align=CENTER)

    considerations = drafts.CONSIDERATIONS
    _clauses(document, _list("Menimbang", considerations, drafts.markers(len(considerations))))
    word.add_paragraph(document)
    bases = drafts.LEGAL_BASES
    _clauses(document, _list("Mengingat", bases, [f"{i}." for i in range(1, len(bases) + 1)]))
    word.add_paragraph(document)
    word.add_paragraph(document, "MEMUTUSKAN:", bold=True, align=CENTER, after=12)

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
    word.add_paragraph(document).paragraph_format.keep_with_next = True
    _signature(document)

    word.add_paragraph(document).add_run().add_break(WD_BREAK.PAGE)
    appendix = word.add_table(document, 4, APPENDIX_WIDTHS)
    lines = [
        ("LAMPIRAN", "KEPUTUSAN {{ signatory_title|upper }}"),
        ("NOMOR", drafts.BLANK),
        ("TANGGAL", drafts.BLANK),
        ("TENTANG", drafts.TITLE),
    ]
    for row, (label, text) in zip(appendix.rows, lines, strict=True):
        word.fill(row.cells[1].paragraphs[0], label)
        word.fill(row.cells[2].paragraphs[0], ":")
        word.fill(row.cells[3].paragraphs[0], text)
    word.add_paragraph(document)
    for text in ["SUSUNAN KEANGGOTAAN", "{{ group_name|upper }}", "TAHUN {{ year }}", ""]:
        word.add_paragraph(document, text, bold=True, align=CENTER)
    _members(document)
    word.add_paragraph(document)
    word.add_paragraph(document, "{%p if secretariat_address %}")
    word.add_paragraph(document, "Alamat sekretariat: {{ secretariat_address }}")
    word.add_paragraph(document, "{%p endif %}")
    word.add_paragraph(document)
    _signature(document)
    return document


def entries(data: bytes) -> dict[str, bytes]:
    """The uncompressed entries of a zip: equal for equal templates whatever zlib compressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build_template(level: str) -> bytes:
    return word.to_bytes(build_document(level))


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
