"""Printable PDFs (reportlab): the one font, the text handling, the paragraph styles, the
building blocks, the page footer and `build_pdf()` that every PDF of Sinergi uses.

Text is set in Bitstream Vera, embedded from the copy reportlab ships: the 14 standard PDF
fonts are not embedded and know only the WinAnsi characters, and no font is read from the
system. The family is registered once, on first use.

Text users typed goes in one of two ways: `markup()` for plain text (escaped, line breaks kept),
`markdown_blocks()` for Markdown (minutes, agendas, decisions), rendered by
`sinergi.lib.text.render_markdown` and turned into reportlab's small paragraph markup. Raw HTML
in either is shown as text, never interpreted. Build paragraphs with this module's `Paragraph`:
in a narrow column, a word such as "Komunikasi/kampanye" breaks after its slash, not mid-word.
"""

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import paragraph as rl_paragraph

from sinergi.lib.text import render_markdown

FONT, BOLD, ITALIC, BOLD_ITALIC = "Vera", "Vera-Bold", "Vera-Italic", "Vera-BoldItalic"
INK, MUTED, RULE, SHADE, ACCENT = (
    colors.HexColor("#1a1a1a"),
    colors.HexColor("#555555"),
    colors.HexColor("#b0b7c0"),
    colors.HexColor("#eef2f6"),
    colors.HexColor("#0b5394"),
)
# A4 portrait with the margins of `build_pdf()`: the width the building blocks lay out in.
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 48 * mm
# Room at the foot of the page for `page_footer()`.
FOOTER_ROOM = 24 * mm
INDENT = 6 * mm  # of each level of a Markdown list or quote

# Vera has no arrows or check marks: the nearest ASCII keeps the meaning of a note.
SUBSTITUTES = {"→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "✓": "v", "✔": "v", "✗": "x"}


@functools.cache
def glyphs() -> dict:
    """Register Vera as a font family once; its character map, to find what it cannot draw."""
    for name, filename in [
        (FONT, "Vera.ttf"),
        (BOLD, "VeraBd.ttf"),
        (ITALIC, "VeraIt.ttf"),
        (BOLD_ITALIC, "VeraBI.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, filename))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    return pdfmetrics.getFont(FONT).face.charToGlyph


def printable(text) -> str:
    """`text` with each character Vera cannot draw replaced: by an ASCII look-alike, its base
    letter ("ō" → "o"), or "?"; other whitespace becomes a space and control characters go
    (they would corrupt the page, and show nothing anyway). Line breaks stay."""
    known = glyphs()
    result = []
    for char in str(text):
        if char == "\n" or ord(char) in known:
            result.append(char)
        elif char in SUBSTITUTES:
            result.append(SUBSTITUTES[char])
        elif char.isspace():
            result.append(" ")
        elif unicodedata.category(char).startswith("C"):
            continue
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            result.append(base if base and ord(base) in known else "?")
    return "".join(result)


def markup(text) -> str:
    """Plain text as reportlab paragraph markup: escaped, with its line breaks kept."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    return escape(printable(text)).replace("\n", "<br/>")


def paragraph_styles(size: float = 10) -> dict[str, ParagraphStyle]:
    """The styles of a report, for body text of `size` points (10 on a page, 8 for a dense
    landscape table); the others are in proportion."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.4, textColor=INK)
    small = {"fontSize": size * 0.9, "leading": size * 1.2}
    return {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=size * 2.2,
            leading=size * 2.7,
            textColor=ACCENT,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=size * 1.2, leading=size * 1.6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=size * 1.35,
            leading=size * 1.7,
            spaceBefore=size * 1.6,
            spaceAfter=size * 0.6,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=BOLD,
            fontSize=size * 1.05,
            spaceBefore=size * 0.8,
            keepWithNext=1,
        ),
        "body": ParagraphStyle("body", parent=body, spaceAfter=size * 0.4),
        "cell": ParagraphStyle("cell", parent=body, **small),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, **small),
        "muted": ParagraphStyle(
            "muted", parent=body, fontName=ITALIC, textColor=MUTED, spaceAfter=size * 0.4
        ),
    }


# --- Long words -------------------------------------------------------------------------

TAG = re.compile(r"(<[^>]*>)")
LINE_BREAK = re.compile(r"<br\s*/?>")
# Inside a word: after a slash or a hyphen that a letter or digit follows.
WORD_BREAK = re.compile(r"(?<=[/\\-])(?=\w)")


def _words_and_gaps(text: str) -> list[str]:
    """Paragraph markup as [word, gap, word, gap, …, word]: a gap is where reportlab may
    already break a line (spaces, a <br/>); the other tags stay inside their word."""
    parts = [""]
    for token in TAG.split(text):
        if LINE_BREAK.fullmatch(token):
            parts += [token, ""]
        elif token.startswith("<"):
            parts[-1] += token
        else:
            first, *rest = re.split(r"(\s+)", token)
            parts[-1] += first
            parts += rest
    return parts


def _shown_width(markup_text: str, font: str, size: float) -> float:
    shown = TAG.sub("", markup_text)
    shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return pdfmetrics.stringWidth(shown, font, size)


def _word_pieces(word: str) -> list[str]:
    """`word` (markup) cut after each slash or hyphen of its text; tags stay with the text
    before them."""
    pieces = [""]
    for part in TAG.split(word):
        if part.startswith("<"):
            pieces[-1] += part
            continue
        head, *rest = WORD_BREAK.split(part)
        pieces[-1] += head
        pieces += rest
    return pieces


def break_wide_words(text: str, width: float, font: str = FONT, size: float = 10) -> str:
    """Paragraph markup `text` with a line break after a slash or a hyphen inside each word
    wider than `width` points, as many as it needs, so that "Komunikasi/kampanye" in a narrow
    column reads "Komunikasi/" and "kampanye" rather than breaking mid-word. A word with no
    such place is left to reportlab, which cuts it where the line ends."""
    parts = _words_and_gaps(text)
    for i in range(0, len(parts), 2):
        word = parts[i]
        measure = BOLD if "<b>" in word and font == FONT else font
        if not word or _shown_width(word, measure, size) <= width:
            continue
        lines = []
        for piece in _word_pieces(word):
            if lines and _shown_width(lines[-1] + piece, measure, size) <= width:
                lines[-1] += piece
            else:
                lines.append(piece)
        parts[i] = "<br/>".join(lines)
    return "".join(parts)


class Paragraph(rl_paragraph.Paragraph):
    """reportlab's paragraph, except that a word wider than the room it is laid out in
    breaks after a slash or hyphen (`break_wide_words()`), not at the last letter that fits.
    Every PDF paragraph of Sinergi is one of these."""

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs):
        super().__init__(text, style, bulletText, frags, **kwargs)
        # The parts of a paragraph split across pages come as frags, already broken.
        self._source = None if frags is not None else (text, style or self.style, bulletText)
        self._laid_out = text

    def wrap(self, availWidth, availHeight):
        if self._source:
            text, style, bullet = self._source
            room = availWidth - style.leftIndent - style.rightIndent
            room -= max(style.firstLineIndent, 0)
            fitted = break_wide_words(str(text), room, style.fontName, style.fontSize)
            if fitted != self._laid_out:
                super().__init__(
                    fitted, style, bullet, caseSensitive=self.caseSensitive, encoding=self.encoding
                )
                self._laid_out = fitted
        return super().wrap(availWidth, availHeight)


# --- Markdown -----------------------------------------------------------------------------


@dataclass
class MarkdownBlock:
    """One paragraph of rendered Markdown, as reportlab markup."""

    markup: str
    bullet: str = ""  # "•" or "2." for a list item
    depth: int = 0  # levels of list or quote it is indented by
    heading: bool = False


class _MarkupWriter(HTMLParser):
    """Sanitized HTML from `render_markdown` → `MarkdownBlock`s. Text is escaped again; only
    <b>, <i> and <br/> are written, and every block closes the tags it opened."""

    INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i"}
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[MarkdownBlock] = []
        self.parts: list[str] | None = None  # the open block, if any
        self.has_text = False
        self.bullet, self.heading = "", False
        self.inline: list[str] = []  # open reportlab tags, outermost first
        self.lists: list[list] = []  # [ordered, items so far] of each open list
        self.quotes = 0
        self.links: list[tuple[str, list[str]]] = []  # (href, its text) of the open link
        self.pre = 0
        self.cells = 0

    # Blocks.

    def _open(self, bullet="", heading=False):
        self._close()
        self.parts = [f"<{tag}>" for tag in self.inline]
        self.has_text, self.bullet, self.heading = False, bullet, heading

    def _close(self):
        if self.parts is None:
            return
        if self.has_text:
            text = "".join(self.parts) + "".join(f"</{tag}>" for tag in reversed(self.inline))
            text = re.sub(" {2,}", " ", text).strip()  # the spaces between table cells
            if self.heading:
                text = f"<b>{text}</b>"
            depth = len(self.lists) + self.quotes
            self.blocks.append(MarkdownBlock(text, self.bullet, depth, self.heading))
        self.parts = None

    def _write(self, text):
        if self.parts is not None:
            self.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in self.INLINE:
            self._write(f"<{self.INLINE[tag]}>")
            self.inline.append(self.INLINE[tag])
        elif tag == "li":
            ordered = self.lists and self.lists[-1][0]
            if self.lists:
                self.lists[-1][1] += 1
            self._open(f"{self.lists[-1][1]}." if ordered else "•")
        elif tag in self.BLOCKS:
            self.pre += tag == "pre"
            self.cells = 0
            # The first paragraph of a list item is the item's own text.
            if not (self.parts is not None and self.bullet and not self.has_text):
                self._open(heading=tag.startswith("h"))
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag == "ol", 0])
        elif tag == "blockquote":
            self._close()
            self.quotes += 1
        elif tag in ("td", "th"):
            if self.cells:
                self._write(" · ")
            self.cells += 1
            if tag == "th":
                self.handle_starttag("strong", [])
        elif tag == "br":
            self._write("<br/>")
        elif tag == "hr":
            self._close()
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", []))

    def handle_endtag(self, tag):
        if tag in self.INLINE:
            self._end_inline(self.INLINE[tag])
        elif tag == "th":
            self._end_inline("b")
        elif tag in self.BLOCKS or tag == "li":
            self.pre -= tag == "pre" and self.pre > 0
            self._close()
        elif tag in ("ul", "ol") and self.lists:
            self._close()
            self.lists.pop()
        elif tag == "blockquote" and self.quotes:
            self._close()
            self.quotes -= 1
        elif tag == "a" and self.links:
            href, words = self.links.pop()
            text = "".join(words).strip()
            # The address is printed: a link on paper is its text and where it goes.
            if href and href not in (text, f"mailto:{text}"):
                self._write(f" ({markup(href)})")

    def _end_inline(self, tag):
        if tag not in self.inline:
            return
        at = len(self.inline) - 1 - self.inline[::-1].index(tag)
        above = self.inline[at + 1 :]
        self._write("".join(f"</{t}>" for t in reversed(self.inline[at:])))
        self._write("".join(f"<{t}>" for t in above))
        del self.inline[at]

    def handle_data(self, data):
        text = data if self.pre else re.sub(r"\s+", " ", data)
        if self.parts is None:
            if not text.strip():
                return
            self._open()
        if not self.has_text:
            text = text.lstrip()
        if not text:
            return
        self.has_text = True
        self.parts.append(escape(printable(text)).replace("\n", "<br/>"))
        if self.links:
            self.links[-1][1].append(text)

    def close(self):
        super().close()
        self._close()


def markdown_blocks(text) -> list[MarkdownBlock]:
    """Markdown as reportlab paragraph markup, a block for each paragraph, list item, heading
    or table row: bold and italic kept, list items with their bullet or number, headings bold,
    a link as its text followed by its address. Everything else is escaped text."""
    writer = _MarkupWriter()
    writer.feed(str(render_markdown(text or "")))
    writer.close()
    return writer.blocks


# --- Building blocks ----------------------------------------------------------------------


class Blocks:
    """Paragraphs and tables with one look, for a report on an A4 portrait page."""

    def __init__(self, styles=None):
        self.styles = styles or paragraph_styles()

    def heading(self, text) -> Paragraph:
        return Paragraph(markup(text), self.styles["h2"])

    def subheading(self, text) -> Paragraph:
        return Paragraph(markup(text), self.styles["h3"])

    def paragraph(self, text, style="body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def labelled(self, label, text) -> Paragraph:
        """A paragraph that opens with a bold label, as in "What it is for. It steers ..."."""
        return Paragraph(f"<b>{markup(label)}</b> {markup(text)}", self.styles["body"])

    def notes(self, text) -> Paragraph:
        """Plain text someone typed, with its line breaks, or a remark that nothing was
        recorded."""
        if not str(text).strip():
            return self.paragraph(_("Nothing recorded."), "muted")
        return self.paragraph(text)

    def markdown(self, text, label="") -> list:
        """Markdown someone typed, rendered; `label` in bold before it. A remark when empty."""
        blocks = markdown_blocks(text)
        if not blocks:
            return [self.labelled(label, _("Nothing recorded.")) if label else self.notes("")]
        flowables = []
        if label:
            first = blocks[0]
            if first.bullet or first.heading or first.depth:
                flowables.append(Paragraph(f"<b>{markup(label)}</b>", self.styles["body"]))
            else:
                first.markup = f"<b>{markup(label)}</b> {first.markup}"
        body = self.styles["body"]
        for block in blocks:
            style = body
            if block.depth or block.heading:
                style = ParagraphStyle(
                    "markdown",
                    parent=body,
                    leftIndent=block.depth * INDENT,
                    bulletIndent=max(block.depth - 1, 0) * INDENT,
                    bulletFontName=FONT,
                    keepWithNext=int(block.heading),
                )
            flowables.append(Paragraph(block.markup, style, bulletText=block.bullet or None))
        return flowables

    def date(self, day) -> str:
        return formats.date_format(day, "DATE_FORMAT") if day else "—"

    def facts(self, rows) -> Table:
        """A two-column table of labels and values."""
        cells = [
            [Paragraph(markup(label), self.styles["head"]), self.paragraph(value or "—", "cell")]
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


# --- The document -------------------------------------------------------------------------


def page_footer(left, today):
    """A page callback that draws a rule, `left` (shortened to fit) and "Generated on `today`
    · page N" at the foot of every page, within the document's margins."""
    day = formats.date_format(today, "DATE_FORMAT")

    def draw(canvas, doc):
        right = printable(
            _("Generated on %(date)s · page %(page)s")
            % {"date": day, "page": canvas.getPageNumber()}
        )
        room = doc.width - pdfmetrics.stringWidth(right, FONT, 8) - 6 * mm
        text = printable(" ".join(str(left).split()))
        while text and pdfmetrics.stringWidth(text, FONT, 8) > room:
            text = text[:-2] + "…"
        end = doc.pagesize[0] - doc.rightMargin
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(doc.leftMargin, 15 * mm, end, 15 * mm)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, 11 * mm, text)
        canvas.drawRightString(end, 11 * mm, right)
        canvas.restoreState()

    return draw


def build_pdf(
    story,
    *,
    title: str,
    pagesize=A4,
    margins=(MARGIN, MARGIN, 18 * mm, FOOTER_ROOM),
    footer=None,
    lang: str | None = None,
    invariant=False,
    compress=True,
) -> bytes:
    """`story` as PDF bytes. `margins` are left, right, top, bottom; `footer` a page callback
    such as `page_footer()`; `lang` the document's language (the active one by default).
    `invariant=True, compress=False` give the same bytes on every run, with the text readable
    in them."""
    glyphs()
    left, right, top, bottom = margins
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author="Sinergi",
        creator="Sinergi",
        lang=lang or get_language(),
        initialFontName=FONT,
        invariant=int(invariant),
        pageCompression=int(compress),
    )
    if footer:
        document.build(story, onFirstPage=footer, onLaterPages=footer)
    else:
        document.build(story)
    return buffer.getvalue()
