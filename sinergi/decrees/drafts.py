"""Draft decrees (rancangan SK): the decree that establishes a working group for a year, drawn
from its current roster, as a DOCX for the legal bureau to edit and as a PDF to read.

The DOCX comes from a template: the newest active `DecreeTemplate` of the group's level, or the
default shipped in `default_templates/`, which `manage.py build_decree_templates` builds from the
wording below. The template variables are those of `draft_context()`, documented in
docs/decree-templates.md. The PDF always follows the default wording: an uploaded template could
only be converted with LibreOffice, which is not needed at run time.

A decree is written in Bahasa Indonesia whatever the language of the interface.
"""

import datetime
import io
import unicodedata
from pathlib import Path

import jinja2
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from sinergi.decrees.forms import default_signatory
from sinergi.decrees.models import DecreeTemplate, decree_in_force
from sinergi.lib import docx as word
from sinergi.lib import pdf
from sinergi.lib.pdf import BOLD, FONT, Paragraph
from sinergi.pokja.models import Institution, Membership
from sinergi.regions.models import Region

DOCX_CONTENT_TYPE = word.CONTENT_TYPE
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "default_templates"

# F4 (folio), the paper of regional legal products.
PAGE_SIZE = (215 * mm, 330 * mm)
BLANK = "……………………"

# The default wording, as Jinja text: the build command writes it into the default DOCX
# templates and the PDF renders it, so both say the same thing.
TITLE = (
    "PEMBENTUKAN KELOMPOK KERJA AIR MINUM DAN PENYEHATAN LINGKUNGAN {{ region_name|upper }} "
    "TAHUN {{ year }}"
)
ENACTMENT = "KEPUTUSAN {{ signatory_title|upper }} TENTANG " + TITLE + "."
CONSIDERATIONS = [
    "bahwa air minum dan sanitasi yang layak dan aman merupakan kebutuhan dasar masyarakat, "
    "sehingga pembangunannya perlu direncanakan, dilaksanakan, serta dipantau dan dievaluasi "
    "secara terpadu dan berkelanjutan oleh seluruh pemangku kepentingan;",
    "bahwa untuk mengoordinasikan pembangunan air minum dan penyehatan lingkungan di "
    "{{ region_name }} dan menjadi pintu masuk program dan kegiatan dari luar daerah, perlu "
    "dibentuk Kelompok Kerja Air Minum dan Penyehatan Lingkungan;",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
    "menetapkan Keputusan {{ signatory_title }} tentang Pembentukan Kelompok Kerja Air Minum "
    "dan Penyehatan Lingkungan {{ region_name }} Tahun {{ year }};",
]
LEGAL_BASES = [
    "Undang-Undang Nomor …… Tahun …… tentang Pembentukan {{ region_name }};",
    "Undang-Undang Nomor 18 Tahun 2008 tentang Pengelolaan Sampah;",
    "Undang-Undang Nomor 32 Tahun 2009 tentang Perlindungan dan Pengelolaan Lingkungan Hidup;",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa "
    "kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan "
    "Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi "
    "Undang-Undang;",
    "Undang-Undang Nomor 17 Tahun 2019 tentang Sumber Daya Air;",
    "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan;",
    "Peraturan Pemerintah Nomor 122 Tahun 2015 tentang Sistem Penyediaan Air Minum;",
    "Peraturan Presiden Nomor 185 Tahun 2014 tentang Percepatan Penyediaan Air Minum dan Sanitasi;",
    "Peraturan Menteri Kesehatan Nomor 3 Tahun 2014 tentang Sanitasi Total Berbasis Masyarakat;",
    "Peraturan Menteri Pekerjaan Umum dan Perumahan Rakyat Nomor 04/PRT/M/2017 tentang "
    "Penyelenggaraan Sistem Pengelolaan Air Limbah Domestik;",
]
TASKS = [
    "mengoordinasikan penyiapan, perencanaan, dan pelaksanaan pembangunan air minum dan "
    "sanitasi oleh seluruh pemangku kepentingan;",
    "menyusun rencana strategis air minum dan penyehatan lingkungan serta rencana kerja "
    "tahunan, dan mengawal pemaduannya ke dalam dokumen perencanaan dan penganggaran daerah;",
    "menjadi pintu masuk dan mengoordinasikan program dan kegiatan air minum dan sanitasi yang "
    "berasal dari Pemerintah, pemerintah daerah lain, mitra pembangunan, badan usaha, dan "
    "masyarakat;",
    "melaksanakan komunikasi, advokasi, dan kampanye pembangunan air minum dan sanitasi;",
    "melaksanakan pemantauan dan evaluasi capaian akses air minum dan sanitasi serta "
    "keberfungsian sarana yang telah terbangun;",
    "mengembangkan alternatif sumber pendanaan pembangunan air minum dan sanitasi;",
    "menyelenggarakan kesekretariatan serta pengelolaan data dan informasi air minum dan sanitasi.",
]
ARTICLES = [
    (
        "KESATU",
        "Membentuk Kelompok Kerja Air Minum dan Penyehatan Lingkungan {{ region_name }} Tahun "
        "{{ year }}, yang selanjutnya disebut {{ group_name }}, dengan susunan keanggotaan "
        "sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
        "Keputusan ini.",
    ),
    (
        "KEDUA",
        "{{ group_name }} sebagaimana dimaksud dalam Diktum KESATU mempunyai tugas:",
    ),
    (
        "KETIGA",
        "Dalam melaksanakan tugasnya, {{ group_name }} bertanggung jawab kepada "
        "{{ signatory_title }} dan menyampaikan laporan pelaksanaan tugas melalui "
        "{{ reports_through }} paling sedikit 1 (satu) kali setiap 6 (enam) bulan.",
    ),
    (
        "KEEMPAT",
        "Segala biaya yang timbul sebagai akibat ditetapkannya Keputusan ini dibebankan pada "
        "{{ budget_source }} serta sumber lain yang sah dan tidak mengikat sesuai dengan "
        "ketentuan peraturan perundang-undangan.",
    ),
    (
        "KELIMA",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan sampai dengan tanggal "
        "{{ valid_until }}.",
    ),
]
# The article followed by the list of TASKS.
TASKS_ARTICLE = "KEDUA"
MEMBER_COLUMNS = ["No", "Jabatan dalam Pokja", "Nama", "Jabatan/Instansi", "Bidang"]


def markers(count: int) -> list[str]:
    """The letters of a list in a legal text: a., b., c., …"""
    return [f"{chr(ord('a') + i)}." for i in range(count)]


def template_level(group) -> str:
    """The `DecreeTemplate.Level` for `group`: the national group uses the province template."""
    if group.region.level == Region.Level.REGENCY:
        return DecreeTemplate.Level.REGENCY
    return DecreeTemplate.Level.PROVINCE


def _clean(text) -> str:
    """`text` without the control characters that XML cannot hold or docxtpl reads as layout
    (\\a new paragraph, \\f page break); line breaks and tabs stay."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(
        char
        for char in text
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Cn")
    )


def _long_date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _region_name(region) -> str:
    if region.level == Region.Level.NATIONAL:
        return "Nasional"
    if region.level == Region.Level.PROVINCE and not region.name.startswith("Provinsi "):
        return f"Provinsi {region.name}"
    return region.name


def _member_rows(group, day) -> list[dict]:
    memberships = (
        Membership.objects.filter(working_group=group)
        .active_on(day)
        .select_related("person__institution", "institution")
    )
    order = {value: i for i, value in enumerate(Membership.Position.values)}
    memberships = sorted(
        memberships, key=lambda m: (order[m.position], m.person.full_name.casefold())
    )
    rows = []
    for m in memberships:
        institution = m.institution or m.person.institution
        institution = institution.name if institution else ""
        job_title = m.person.job_title
        if institution and institution.casefold() not in job_title.casefold():
            job_and_institution = ", ".join(filter(None, [job_title, institution]))
        else:
            job_and_institution = job_title
        rows.append(
            {
                "position": _clean(m.get_position_display()),
                "name": _clean(m.person.full_name),
                "job_title": _clean(job_title),
                "institution": _clean(institution),
                "job_and_institution": _clean(job_and_institution),
                "field": _clean(m.get_field_display()),
                "duties": _clean(m.duties),
            }
        )
    return rows


def decree_first_day(group, day: datetime.date, year: int) -> datetime.date:
    """The first day of the decree of `year` drafted on `day`: 1 January, or the day after the
    decree in force ends when that is later in the year, and never before `day` (a decree
    does not start in the past). One query."""
    first = max(datetime.date(year, 1, 1), day)
    current = decree_in_force(group.decrees.order_by(), day)
    if current and first <= current.valid_until < datetime.date(year, 12, 31):
        first = current.valid_until + datetime.timedelta(days=1)
    return first


def draft_context(group, day: datetime.date, year: int | None = None) -> dict:
    """The template variables for the draft decree of `group` drafted on `day`, valid for the
    calendar year `year` (the year of `day` by default) from its first day
    (`decree_first_day`), with the roster of that first day: who leaves before it is left
    out, who starts on it is in.

    One query for the roster, one for the decrees, one for the province of a kabupaten/kota,
    and one for the contact institution unless `group` was loaded with it (as `pokja.access`
    does).
    """
    year = year or day.year
    first_day = decree_first_day(group, day, year)
    region = group.region
    national = region.level == Region.Level.NATIONAL
    region_name = _region_name(region)
    parent = region.parent if region.level == Region.Level.REGENCY else None
    contact = group.contact_institution
    if national:
        reports_through = "Deputi Bidang Sarana dan Prasarana Kementerian PPN/Bappenas"
        budget_source = "Anggaran Pendapatan dan Belanja Negara"
    else:
        planning = (
            contact.name
            if contact and contact.category == Institution.Category.BAPPEDA
            else f"Badan Perencanaan Pembangunan Daerah {region_name}"
        )
        reports_through = f"Kepala {planning}"
        budget_source = f"Anggaran Pendapatan dan Belanja Daerah {region_name}"
    with translation.override("id"):
        context = {
            "group_name": group.name,
            "region_name": region_name,
            "region_code": region.code,
            "region_kind": region.kind,
            "parent_name": _region_name(parent) if parent else "",
            "level": template_level(group),
            "signatory_title": default_signatory(group),
            "year": year,
            "valid_from": _long_date(first_day),
            "valid_until": _long_date(datetime.date(year, 12, 31)),
            "draft_date": _long_date(day),
            "reports_through": reports_through,
            "budget_source": budget_source,
            "secretariat_address": group.secretariat_address,
            "contact_institution": contact.name if contact else "",
            "email": group.email,
            "phone": group.phone,
            "members": _member_rows(group, first_day),
        }
    context["member_count"] = len(context["members"])
    return {
        key: _clean(value) if isinstance(value, str) else value for key, value in context.items()
    }


def sample_context() -> dict:
    """Made-up variables with every key of `draft_context()`, to try a template before use."""
    member = {
        "position": "Ketua",
        "name": 'Dr. Ir. Contoh & <Nama> "Uji"',
        "job_title": "Kepala Bappeda",
        "institution": "Bappeda Kabupaten Contoh",
        "job_and_institution": "Kepala Bappeda, Bappeda Kabupaten Contoh",
        "field": "Kelembagaan",
        "duties": "Memimpin rapat koordinasi\nMenandatangani laporan",
    }
    return {
        "group_name": "Pokja AMPL Kabupaten Contoh",
        "region_name": "Kabupaten Contoh",
        "region_code": "99.01",
        "region_kind": Region.Kind.REGENCY.value,
        "parent_name": "Provinsi Contoh",
        "level": DecreeTemplate.Level.REGENCY.value,
        "signatory_title": "Bupati Contoh",
        "year": 2026,
        "valid_from": "1 Januari 2026",
        "valid_until": "31 Desember 2026",
        "draft_date": "2 Februari 2026",
        "reports_through": "Kepala Bappeda Kabupaten Contoh",
        "budget_source": "Anggaran Pendapatan dan Belanja Daerah Kabupaten Contoh",
        "secretariat_address": "Jl. Contoh No. 1\nContoh 99999",
        "contact_institution": "Bappeda Kabupaten Contoh",
        "email": "pokja@example.org",
        "phone": "0210000000",
        "members": [member, {**member, "position": "Anggota", "field": ""}],
        "member_count": 2,
    }


class TemplateUnusable(Exception):
    """The active uploaded template cannot make a draft: it breaks the sandbox, names an
    unknown variable, is not a Word document, or is gone from the storage."""


class _DecreeSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*` and `**` bounded: `{{ "x" * 10**9 }}` would otherwise
    hold a worker and its memory, sandbox or not."""

    intercepted_binops = frozenset(["*", "**"])
    MAX_POWER = 100
    MAX_REPEATED_LENGTH = 100_000

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > self.MAX_POWER:
            raise SecurityError("exponent too large")
        if operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if (
                isinstance(sequence, str | list | tuple)
                and isinstance(times, int)
                and len(sequence) * times > self.MAX_REPEATED_LENGTH
            ):
                raise SecurityError("repeated text too long")
        return super().call_binop(context, operator, left, right)


def _jinja_env(autoescape=True) -> jinja2.Environment:
    """The environment for every decree template, uploaded or ours.

    An uploaded template is code written by someone else: the immutable sandbox lets it read
    the variables it is given and nothing else (no attribute starting with "_", no Python
    internals, no method that changes a list or a dict), so `lipsum.__globals__` and its kin
    raise SecurityError instead of reaching `os`. Autoescape, or docxtpl writes "&" and "<"
    into the XML raw and the file breaks; a strict undefined, so that a misspelt variable
    fails when a template is uploaded, not silently."""
    return _DecreeSandbox(autoescape=autoescape, undefined=jinja2.StrictUndefined)


def _render(source, context: dict) -> bytes:
    template = DocxTemplate(source)
    # docxtpl renders the body, headers, footers, footnotes and document properties, each
    # with this environment.
    template.render(context, jinja_env=_jinja_env(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def default_template_path(level: str) -> Path:
    return DEFAULT_TEMPLATES / f"{level}.docx"


def uploaded_template(group) -> DecreeTemplate | None:
    """The newest active uploaded template of the group's level, if any."""
    return (
        DecreeTemplate.objects.filter(level=template_level(group), is_active=True)
        .order_by("-uploaded", "-pk")
        .first()
    )


def render_docx(group, day: datetime.date, year: int | None = None) -> bytes:
    """The draft decree of `group` as a DOCX, from the uploaded template or the shipped default.

    TemplateUnusable when the uploaded template cannot be filled in: one stored before the
    upload check refused its kind, a file gone from the storage, a variable since renamed."""
    uploaded = uploaded_template(group)
    context = draft_context(group, day, year)
    if uploaded is None:
        return _render(default_template_path(template_level(group)), context)
    try:
        with uploaded.file.storage.open(uploaded.file.name, "rb") as file:
            source = io.BytesIO(file.read())
        return _render(source, context)
    except Exception as exc:  # the sandbox's refusal, a missing file, a zip that is no DOCX…
        raise TemplateUnusable(uploaded) from exc


def check_template(file) -> None:
    """Raise ValidationError unless `file` renders as a decree template with sample values."""
    file.seek(0)
    try:
        _render(io.BytesIO(file.read()), sample_context())
    except SecurityError:
        # The sandbox's own message names Python internals; the reader needs the rule.
        raise ValidationError(
            _(
                "This template uses something other than the decree variables, which a "
                "template may not do. Use only the variables listed below and in "
                "docs/decree-templates.md."
            ),
            code="unsafe_template",
        ) from None
    except jinja2.TemplateError as exc:
        raise ValidationError(
            _("The template cannot be filled in: %(error)s"),
            code="bad_template",
            params={"error": exc.message or exc.__class__.__name__},
        ) from None
    except Exception:  # a zip that is not a Word document fails in many ways
        raise ValidationError(
            _("This file is not a Word document that can be used as a template."),
            code="not_docx",
        ) from None
    finally:
        file.seek(0)


# The PDF copy.


class _PdfDraft:
    """The default wording filled in and laid out with reportlab, block by block."""

    def __init__(self, context):
        self.context = context
        # Our own wording, but filled with values users typed: the same sandbox as the DOCX.
        # No autoescape: `pdf.markup()` escapes for reportlab.
        self.env = _jinja_env(autoescape=False)
        body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
        self.styles = {
            "body": ParagraphStyle("text", parent=body, alignment=TA_JUSTIFY),
            "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
            "title": ParagraphStyle("title", parent=body, fontName=BOLD, alignment=TA_CENTER),
            "heading": ParagraphStyle(
                "heading",
                parent=body,
                fontName=BOLD,
                alignment=TA_CENTER,
                spaceBefore=4 * mm,
                spaceAfter=4 * mm,
                keepWithNext=1,
            ),
            "left": body,
            "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
            "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=9, leading=12),
        }
        self.width = PAGE_SIZE[0] - 45 * mm

    def fill(self, text: str) -> str:
        return self.env.from_string(text).render(self.context)

    def para(self, text, style="body", fill=True) -> Paragraph:
        return Paragraph(pdf.markup(self.fill(text) if fill else text), self.styles[style])

    def clauses(self, rows) -> Table:
        """Rows of (label, marker, text) in the columns of a decree: "Menimbang : a. …"."""
        label_width, colon_width, marker_width = 30 * mm, 5 * mm, 8 * mm
        cells = []
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for i, (label, marker, text) in enumerate(rows):
            row = [self.para(label, fill=False), self.para(":" if label else "", fill=False)]
            if marker:
                row += [self.para(marker, fill=False), self.para(text)]
            else:  # the text takes the marker's column too
                row += [self.para(text), ""]
                style.append(("SPAN", (2, i), (3, i)))
            cells.append(row)
        widths = [label_width, colon_width, marker_width]
        widths.append(self.width - sum(widths))
        table = Table(cells, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def numbered(self, label, texts, numbers) -> Table:
        return self.clauses(
            (label if i == 0 else "", number, text)
            for i, (number, text) in enumerate(zip(numbers, texts, strict=True))
        )

    def signature(self) -> list:
        """The signing block at the right: place and date to fill in, the office, the name."""
        rows = [
            ["", self.para(f"Ditetapkan di {BLANK}", "center")],
            ["", self.para(f"pada tanggal {BLANK}", "center")],
            ["", self.para("{{ signatory_title|upper }},", "title")],
            ["", Spacer(1, 20 * mm)],
            ["", self.para(BLANK, "title", fill=False)],
        ]
        table = Table(rows, colWidths=[self.width - 80 * mm, 80 * mm])
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [Spacer(1, 6 * mm), table]

    def members(self) -> Table:
        head = [Paragraph(pdf.markup(label), self.styles["head"]) for label in MEMBER_COLUMNS]
        rows = [head]
        for number, m in enumerate(self.context["members"], start=1):
            values = [number, m["position"], m["name"], m["job_and_institution"], m["field"]]
            rows.append([self.para(value, "cell", fill=False) for value in values])
        widths = [10 * mm, 32 * mm, 42 * mm, 54 * mm]
        widths.append(self.width - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ]
            )
        )
        return table

    def story(self) -> list:
        gap = Spacer(1, 4 * mm)
        story = [self.para("{{ signatory_title|upper }}", "title")]
        if self.context["parent_name"]:
            story.append(self.para("{{ parent_name|upper }}", "title"))
        story += [
            gap,
            self.para("KEPUTUSAN {{ signatory_title|upper }}", "title"),
            self.para(f"NOMOR {BLANK}", "title"),
            gap,
            self.para("TENTANG", "title"),
            gap,
            self.para(TITLE, "title"),
            gap,
            self.para("DENGAN RAHMAT TUHAN YANG MAHA ESA", "title"),
            gap,
            self.para("{{ signatory_title|upper }},", "title"),
            gap,
            self.numbered("Menimbang", CONSIDERATIONS, markers(len(CONSIDERATIONS))),
            gap,
            self.numbered(
                "Mengingat", LEGAL_BASES, [f"{i}." for i in range(1, len(LEGAL_BASES) + 1)]
            ),
            self.para("MEMUTUSKAN:", "heading"),
            self.clauses([("Menetapkan", "", ENACTMENT)]),
        ]
        for label, text in ARTICLES:
            rows = [(label, "", text)]
            if label == TASKS_ARTICLE:
                rows += [("", m, task) for m, task in zip(markers(len(TASKS)), TASKS, strict=True)]
            story.append(self.clauses(rows))
        # A signature never stands alone on a page: the last article goes along with it.
        story.append(KeepTogether([story.pop(), *self.signature()]))
        lines = [
            ("LAMPIRAN", "KEPUTUSAN {{ signatory_title|upper }}"),
            ("NOMOR", BLANK),
            ("TANGGAL", BLANK),
            ("TENTANG", TITLE),
        ]
        appendix = Table(
            [["", self.para(label), ":", self.para(text, "left")] for label, text in lines],
            colWidths=[self.width - 95 * mm, 25 * mm, 5 * mm, 65 * mm],
        )
        appendix.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story += [
            PageBreak(),
            appendix,
            gap,
            self.para("SUSUNAN KEANGGOTAAN", "title"),
            self.para("{{ group_name|upper }}", "title"),
            self.para("TAHUN {{ year }}", "title"),
            gap,
            self.members(),
        ]
        if self.context["secretariat_address"]:
            story += [gap, self.para("Alamat sekretariat: {{ secretariat_address }}", "left")]
        story.append(KeepTogether(self.signature()))
        return story


def render_pdf(group, day: datetime.date, year: int | None = None) -> bytes:
    """The draft decree of `group` as a PDF in the default wording, on F4 paper."""
    context = draft_context(group, day, year)
    return pdf.build_pdf(
        _PdfDraft(context).story(),
        title=f"Rancangan Keputusan {context['signatory_title']}",
        pagesize=PAGE_SIZE,
        margins=(25 * mm, 20 * mm, 20 * mm, 20 * mm),
        lang="id",
    )
