"""The handover pack: one PDF with what a successor needs to take over a position.

The pack is a list of sections. A section is a function that takes the `Pack` and returns its
flowables, or an empty list to leave itself out; an app that adds something the successor must
know (plan targets, meeting decisions) adds one function to `SECTIONS`. A section reads the
database with at most one or two queries of its own, so the pack costs the same for any roster.

Text is set in Bitstream Vera, embedded from the copy reportlab ships: the 14 standard PDF
fonts are not embedded and know only the WinAnsi characters, and no font is read from the system.
"""

import functools
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sinergi.decrees.models import Decree
from sinergi.knowledge.handover import knowledge_section
from sinergi.meetings.handover import action_items_section
from sinergi.pokja.models import Handover, Membership, WorkingGroup

FONT, BOLD, ITALIC = "Vera", "Vera-Bold", "Vera-Italic"
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 48 * mm
INK, MUTED, RULE, SHADE = (
    colors.HexColor("#1a1a1a"),
    colors.HexColor("#555555"),
    colors.HexColor("#b0b7c0"),
    colors.HexColor("#eef2f6"),
)
ACCENT = colors.HexColor("#0b5394")

# Vera has no arrows or check marks: the nearest ASCII keeps the meaning of a note.
SUBSTITUTES = {"→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "✓": "v", "✔": "v", "✗": "x"}


@functools.cache
def _glyphs() -> dict:
    """Register Vera as a font family once; its character map, to find what it cannot draw."""
    for name, filename in [
        (FONT, "Vera.ttf"),
        (BOLD, "VeraBd.ttf"),
        (ITALIC, "VeraIt.ttf"),
        ("Vera-BoldItalic", "VeraBI.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, filename))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic="Vera-BoldItalic"
    )
    return pdfmetrics.getFont(FONT).face.charToGlyph


def _printable(text: str) -> str:
    """`text` with each character Vera cannot draw replaced by a near equivalent if one exists."""
    glyphs = _glyphs()
    result = []
    for char in text:
        if ord(char) in glyphs or char == "\n":
            result.append(char)
        elif char in SUBSTITUTES:
            result.append(SUBSTITUTES[char])
        elif char.isspace():
            result.append(" ")
        elif unicodedata.category(char).startswith("C"):
            continue  # control characters would corrupt the page, and show nothing anyway
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            result.append(base if base and ord(base) in glyphs else char)
    return "".join(result)


def _markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, with its line breaks kept."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    return escape(_printable(text)).replace("\n", "<br/>")


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=22, leading=27, textColor=ACCENT
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=16,
            spaceAfter=6,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=BOLD, fontSize=10.5, spaceBefore=8, keepWithNext=1
        ),
        "body": ParagraphStyle("body", parent=body, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=9, leading=12),
        "muted": ParagraphStyle(
            "muted", parent=body, fontName=ITALIC, textColor=MUTED, spaceAfter=4
        ),
    }


@dataclass
class Pack:
    """What every section reads, and the building blocks that give the sections one look."""

    handover: Handover
    group: WorkingGroup
    today: date
    styles: dict[str, ParagraphStyle]

    def heading(self, text) -> Paragraph:
        return Paragraph(_markup(text), self.styles["h2"])

    def subheading(self, text) -> Paragraph:
        return Paragraph(_markup(text), self.styles["h3"])

    def paragraph(self, text, style="body") -> Paragraph:
        return Paragraph(_markup(text), self.styles[style])

    def labelled(self, label, text) -> Paragraph:
        """A paragraph that opens with a bold label, as in "What it is for. It steers ..."."""
        return Paragraph(f"<b>{_markup(label)}</b> {_markup(text)}", self.styles["body"])

    def notes(self, text) -> Paragraph:
        """Text someone typed, with its line breaks, or a remark that nothing was recorded."""
        if not text.strip():
            return self.paragraph(_("Nothing recorded."), "muted")
        return self.paragraph(text)

    def date(self, day) -> str:
        return formats.date_format(day, "DATE_FORMAT") if day else "—"

    def facts(self, rows) -> Table:
        """A two-column table of labels and values."""
        cells = [
            [Paragraph(_markup(label), self.styles["head"]), self.paragraph(value or "—", "cell")]
            for label, value in rows
        ]
        table = Table(cells, colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table


def working_group_section(pack: Pack) -> list:
    group = pack.group
    rows = [
        (_label(WorkingGroup, "name"), group.name),
        (_label(WorkingGroup, "kind"), group.get_kind_display()),
        (_label(WorkingGroup, "region"), f"{group.region.name} ({group.region.code})"),
        (_label(WorkingGroup, "secretariat_address"), group.secretariat_address),
    ]
    if group.contact_institution:
        rows.append((_label(WorkingGroup, "contact_institution"), group.contact_institution.name))
    if group.email or group.phone:
        rows.append((_("Office contact"), " · ".join(filter(None, [group.email, group.phone]))))
    # The same words as the home page, so both speak with one voice and share translations.
    return [
        pack.heading(_("The working group")),
        pack.facts(rows),
        pack.subheading(_("What a Pokja AMPL is")),
        pack.labelled(
            _("What it is for"),
            _(
                "It steers every activity toward the water and sanitation targets, brings all "
                "parties together to coordinate, and is the door through which external "
                "programmes and projects enter the region, so that funds are used well and "
                "built facilities keep working."
            ),
        ),
        pack.labelled(
            _("When it is useful"),
            _(
                "Only when it is truly active in three roles: coordination (preparation, "
                "planning and implementation), communication and advocacy, and monitoring and "
                "evaluation. Its legal base is a decree of the governor, regent or mayor, "
                "renewed every year."
            ),
        ),
    ]


def decree_section(pack: Pack) -> list:
    decrees = Decree.objects.filter(working_group=pack.group)
    decree = decrees.valid_on(pack.today).order_by("-valid_from").first()
    if decree is None:
        decree = decrees.order_by("-valid_from").first()
    flowables = [pack.heading(_("The current decree"))]
    if decree is None:
        flowables.append(
            pack.paragraph(
                _(
                    "%(name)s has no decree recorded in Sinergi. A working group needs a decree "
                    "of the governor, regent or mayor, renewed every year; ask the secretariat."
                )
                % {"name": pack.group.name}
            )
        )
        return flowables
    if decree.status_on(pack.today) in (Decree.Status.VALID, Decree.Status.EXPIRING):
        status = _("Valid today.")
    elif decree.valid_from > pack.today:
        status = _("Not yet in force: no decree is valid today.")
    else:
        status = _(
            "EXPIRED: no decree is valid today. A working group needs a new decree every year; "
            "ask the secretariat about its renewal."
        )
    rows = [(_label(Decree, "number"), decree.number)]
    if decree.title:
        rows.append((_label(Decree, "title"), decree.title))
    rows += [
        (_label(Decree, "signatory"), decree.signatory),
        (_label(Decree, "signed_on"), pack.date(decree.signed_on)),
        (
            _("Validity"),
            _("%(start)s to %(end)s")
            % {"start": pack.date(decree.valid_from), "end": pack.date(decree.valid_until)},
        ),
        (_("Status"), status),
    ]
    flowables.append(pack.facts(rows))
    return flowables


def position_section(pack: Pack) -> list:
    successor = pack.handover.successor
    membership = successor or pack.handover.leaving
    person = membership.person
    if successor:
        flowables = [pack.heading(_("Your position and duties"))]
        holder = (_("Successor"), person.full_name)
        since = (_label(Membership, "started_on"), pack.date(membership.started_on))
    else:
        flowables = [
            pack.heading(_("The position and its duties")),
            pack.paragraph(
                _("This is the position as %(name)s held it, until a successor is named.")
                % {"name": person.full_name},
                "muted",
            ),
        ]
        holder = (_("Held by"), person.full_name)
        since = (_("Held since"), pack.date(membership.started_on))
    rows = [
        holder,
        (_label(Membership, "position"), membership.get_position_display()),
        (_label(Membership, "field"), membership.get_field_display()),
        (
            _label(Membership, "institution"),
            membership.institution.name if membership.institution else "",
        ),
        since,
    ]
    if successor and person.job_title:
        rows.insert(1, (_("Position in the institution"), person.job_title))
    flowables += [
        pack.facts(rows),
        pack.subheading(_label(Membership, "duties")),
        pack.notes(membership.duties),
    ]
    return flowables


def handover_section(pack: Pack) -> list:
    handover = pack.handover
    leaving = handover.leaving
    successor = handover.successor
    if successor:
        taking_over = _("%(name)s, from %(date)s") % {
            "name": successor.person.full_name,
            "date": pack.date(successor.started_on),
        }
    else:
        taking_over = _("Not named yet")
    rows = [
        (
            _("Leaving member"),
            f"{leaving.person.full_name} · {leaving.get_position_display()}",
        ),
        (_("Last day"), pack.date(leaving.ended_on)),
        (_label(Membership, "end_reason"), leaving.get_end_reason_display()),
        (_("Successor"), taking_over),
    ]
    flowables = [pack.heading(_("The handover")), pack.facts(rows)]
    for name in ["notes", "open_items", "documents", "key_contacts"]:
        flowables += [pack.subheading(_label(Handover, name)), pack.notes(getattr(handover, name))]
    return flowables


def roster_section(pack: Pack) -> list:
    """The roster on the day of printing, without anyone's personal e-mail or phone: the pack
    is printed and passed around."""
    memberships = (
        Membership.objects.filter(working_group=pack.group)
        .active_on(pack.today)
        .select_related("person", "institution")
    )
    order = {value: i for i, value in enumerate(Membership.Position.values)}
    memberships = sorted(memberships, key=lambda m: (order[m.position], m.person.full_name))
    flowables = [
        pack.heading(_("Roster on %(date)s") % {"date": pack.date(pack.today)}),
    ]
    if not memberships:
        flowables.append(pack.paragraph(_("No one is in the roster today."), "muted"))
        return flowables
    labels = [
        _label(Membership, "position"),
        _("Name"),
        _label(Membership, "institution"),
        _label(Membership, "field"),
    ]
    rows = [[Paragraph(_markup(label), pack.styles["head"]) for label in labels]]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    previous = memberships[0].position
    for row, membership in enumerate(memberships, start=1):
        name = _markup(membership.person.full_name)
        if membership.is_knowledge_holder:
            name += f"<br/><i>{_markup(_label(Membership, 'is_knowledge_holder'))}</i>"
        if membership.position != previous:  # a rule between the groups of one position
            style.append(("LINEABOVE", (0, row), (-1, row), 0.6, RULE))
            previous = membership.position
        if membership == pack.handover.successor:
            style.append(("BACKGROUND", (0, row), (-1, row), SHADE))
        institution = membership.institution.name if membership.institution else ""
        rows.append(
            [
                pack.paragraph(membership.get_position_display(), "cell"),
                Paragraph(name, pack.styles["cell"]),
                pack.paragraph(institution or "—", "cell"),
                pack.paragraph(membership.get_field_display() or "—", "cell"),
            ]
        )
    widths = [36 * mm, 46 * mm, 54 * mm, WIDTH - 136 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    flowables.append(table)
    return flowables


# In reading order. A later section (plan targets, meeting decisions) is one function here.
SECTIONS = [
    working_group_section,
    decree_section,
    position_section,
    handover_section,
    action_items_section,
    knowledge_section,
    roster_section,
]


def pack_handovers():
    """Handovers with every relation the pack reads, so that loading one costs one query."""
    return Handover.objects.select_related(
        "leaving__person",
        "leaving__institution",
        "leaving__working_group__region",
        "leaving__working_group__contact_institution",
        "successor__person",
        "successor__institution",
    )


def _title(pack: Pack) -> list:
    leaving = pack.handover.leaving
    successor = pack.handover.successor
    if successor:
        line = _("For %(successor)s, who takes over from %(leaving)s.") % {
            "successor": successor.person.full_name,
            "leaving": leaving.person.full_name,
        }
    else:
        line = _("%(leaving)s is leaving this position; no successor has been named yet.") % {
            "leaving": leaving.person.full_name
        }
    return [
        pack.paragraph(_("Handover pack"), "title"),
        pack.paragraph(f"{leaving.get_position_display()} · {pack.group.name}", "subtitle"),
        Spacer(1, 2 * mm),
        pack.paragraph(line, "muted"),
    ]


def _footer(pack: Pack):
    def draw(canvas, doc):
        right = _printable(
            _("Generated on %(date)s · page %(page)s")
            % {"date": pack.date(pack.today), "page": canvas.getPageNumber()}
        )
        room = WIDTH - pdfmetrics.stringWidth(right, FONT, 8) - 6 * mm
        left = _printable(pack.group.name)
        while left and pdfmetrics.stringWidth(left, FONT, 8) > room:
            left = left[:-2] + "…"
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 15 * mm, A4[0] - MARGIN, 15 * mm)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 11 * mm, left)
        canvas.drawRightString(A4[0] - MARGIN, 11 * mm, right)
        canvas.restoreState()

    return draw


def build_handover_pack(handover, *, today=None, invariant=False, compress=True) -> bytes:
    """The handover pack of `handover` as the bytes of an A4 PDF, in the active language.

    Load `handover` through `pack_handovers()`. `invariant=True, compress=False` give the same
    bytes on every run, with the text readable in them, for tests.
    """
    _glyphs()
    pack = Pack(
        handover=handover,
        group=handover.leaving.working_group,
        today=today or timezone.localdate(),
        styles=_styles(),
    )
    story = _title(pack)
    for section in SECTIONS:
        story += section(pack)
    return build_pdf(pack, _("Handover pack"), story, invariant=invariant, compress=compress)


def build_pdf(pack, title, story, *, invariant=False, compress=True) -> bytes:
    """`story` as an A4 PDF with the pack's margins, metadata and footer: the handover pack and
    the meeting reports (sinergi/meetings/reports.py) share it."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=24 * mm,
        title=f"{title} · {pack.group.name}",
        author="Sinergi",
        creator="Sinergi",
        lang=get_language(),
        initialFontName=FONT,
        invariant=int(invariant),
        pageCompression=int(compress),
    )
    footer = _footer(pack)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
