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
