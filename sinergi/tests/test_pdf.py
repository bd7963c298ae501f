"""sinergi/lib/pdf.py: Markdown becomes reportlab markup that prints what the web page shows,
and nothing a user types can break the paragraph parser or inject markup."""

import datetime
import io

import pypdf
from django.test import SimpleTestCase
from reportlab.platypus import Paragraph

from sinergi.lib import pdf


def blocks(text):
    return [(b.markup, b.bullet, b.depth) for b in pdf.markdown_blocks(text)]


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class MarkdownBlocksTestCase(SimpleTestCase):
    def test_bold_italic_lists_headings_and_links(self):
        text = (
            "## Hasil\n\n**Pembukaan** oleh *Ketua*\n\n- satu\n- dua\n\n1. awal\n2. akhir\n\n"
            "Lihat [situs](https://example.org/a?b=1&c=2) atau <https://example.org>."
        )
        self.assertEqual(
            blocks(text),
            [
                ("<b>Hasil</b>", "", 0),
                ("<b>Pembukaan</b> oleh <i>Ketua</i>", "", 0),
                ("satu", "•", 1),
                ("dua", "•", 1),
                ("awal", "1.", 1),
                ("akhir", "2.", 1),
                (
                    "Lihat situs (https://example.org/a?b=1&amp;c=2) atau https://example.org.",
                    "",
                    0,
                ),
            ],
        )

    def test_nested_lists_and_tables(self):
        self.assertEqual(
            blocks("- luar\n    - dalam\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
            [
                ("luar", "•", 1),
                ("dalam", "•", 2),
                ("<b>a</b> · <b>b</b>", "", 0),
                ("1 · 2", "", 0),
            ],
        )

    def test_hostile_input_is_escaped_text(self):
        cases = {
            "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<b>unclosed & <i>": "&lt;b&gt;unclosed &amp; &lt;i&gt;",
            "**unbalanced *markdown": "**unbalanced *markdown",
            "A & B &amp; &lt;b&gt; </para>": "A &amp; B &amp; &lt;b&gt; &lt;/para&gt;",
            '<a href="x">y</a> <font size=99>z': '&lt;a href="x"&gt;y&lt;/a&gt; '
            "&lt;font size=99&gt;z",
            "[klik](javascript:alert(1))": "klik",
            "Bell\x07 → ✓ 水": "Bell -&gt; v ?",
        }
        for source, expected in cases.items():
            with self.subTest(source=source):
                (block,) = pdf.markdown_blocks(source)
                self.assertEqual(block.markup, expected)
                Paragraph(block.markup, pdf.paragraph_styles()["body"])  # parses

    def test_every_block_closes_what_it_opens(self):
        for source in ["**a\n\nb**", "*a **b* c**", "- **a\n- b**", "***x*** y"]:
            with self.subTest(source=source):
                for block in pdf.markdown_blocks(source):
                    self.assertEqual(block.markup.count("<b>"), block.markup.count("</b>"))
                    self.assertEqual(block.markup.count("<i>"), block.markup.count("</i>"))
                    Paragraph(block.markup, pdf.paragraph_styles()["body"])

    def test_empty_text_has_no_blocks(self):
        self.assertEqual(pdf.markdown_blocks(""), [])
        self.assertEqual(pdf.markdown_blocks(" \n\n "), [])
        self.assertEqual(pdf.markdown_blocks(None), [])


class BuildPdfTestCase(SimpleTestCase):
    def test_rendered_markdown_prints_without_its_markup(self):
        blocks = pdf.Blocks()
        story = blocks.markdown("**Pembukaan**\n\n- Ketua <b>membuka</b> & menyapa", label="1.")
        data = pdf.build_pdf(
            story, title="Uji", footer=pdf.page_footer("Pokja", datetime.date(2026, 1, 1))
        )
        text = pdf_text(data)
        self.assertIn("1. Pembukaan", text)
        self.assertIn("Ketua <b>membuka</b> & menyapa", text)
        self.assertNotIn("**", text)

    def test_plain_markup_keeps_line_breaks_and_escapes(self):
        self.assertEqual(pdf.markup(" a & <b>\r\nb "), "a &amp; &lt;b&gt;<br/>b")


def laid_out(paragraph) -> list[str]:
    """The lines of a wrapped reportlab paragraph: (space, words) of plain text, or line
    objects with fragments once it holds markup."""
    lines = []
    for line in paragraph.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [f.text for f in line.words]
        lines.append(" ".join(word for word in words if word))
    return lines


class BreakWideWordsTestCase(SimpleTestCase):
    def width(self, text):
        return pdf.pdfmetrics.stringWidth(text, pdf.FONT, 9)

    def test_a_word_wider_than_the_column_breaks_after_its_slash(self):
        room = self.width("Komunikasi/kamp")
        self.assertEqual(
            pdf.break_wide_words("Komunikasi/kampanye", room, pdf.FONT, 9),
            "Komunikasi/<br/>kampanye",
        )
        # As many breaks as it needs, after slashes and hyphens alike.
        self.assertEqual(
            pdf.break_wide_words("air-minum/sanitasi/higiene", self.width("sanitasi/"), size=9),
            "air-<br/>minum/<br/>sanitasi/<br/>higiene",
        )

    def test_words_that_fit_and_words_without_a_place_to_break_are_left_alone(self):
        text = "Hygiene / STBM <b>Komunikasi/kampanye</b> Drainase"
        self.assertEqual(pdf.break_wide_words(text, 300, size=9), text)
        self.assertEqual(pdf.break_wide_words("Kelembagaan", 10, size=9), "Kelembagaan")

    def test_tags_and_their_attributes_are_never_cut(self):
        text = "Kegiatan<br/><font size=6.5 color='#555555'>Komunikasi/kampanye</font>"
        self.assertEqual(
            pdf.break_wide_words(text, self.width("Komunikasi/"), size=9),
            "Kegiatan<br/><font size=6.5 color='#555555'>Komunikasi/<br/>kampanye</font>",
        )

    def test_the_paragraph_breaks_at_the_slash_in_a_narrow_cell(self):
        style = pdf.paragraph_styles(10)["cell"]
        pdf.glyphs()
        paragraph = pdf.Paragraph("Komunikasi/kampanye", style)
        paragraph.wrap(self.width("Komunikasi/kamp"), 1000)
        lines = laid_out(paragraph)
        self.assertEqual(lines, ["Komunikasi/", "kampanye"])
        # Wide enough, it stays one word.
        paragraph.wrap(300, 1000)
        lines = laid_out(paragraph)
        self.assertEqual(lines, ["Komunikasi/kampanye"])
