"""The meeting PDF renders the Markdown of the agenda, the minutes and the decisions as the
meeting page does, instead of printing the asterisks."""

import io

import pypdf

from sinergi.meetings.models import Decision, Meeting
from sinergi.meetings.tests.base import CoordinationTestCase


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class MeetingReportMarkdownTestCase(CoordinationTestCase):
    def test_markdown_is_rendered_not_printed(self):
        Meeting.objects.filter(pk=self.past.pk).update(
            agenda="1. **Pembukaan**\n2. Evaluasi *pilar* STBM",
            minutes=(
                "**Pembukaan**\n\nYang hadir:\n\n- Dinas Kesehatan\n- Bappeda & Dinas PU\n\n"
                "Lihat [catatan](https://example.org/catatan).\n\n<script>alert(1)</script>"
            ),
        )
        Decision.objects.filter(pk=self.decision.pk).update(text="Verifikasi **desa ODF**.")
        self.client.force_login(self.member)
        url = f"/pokja/{self.bandung_group.code}/rapat/{self.past.pk}/laporan.pdf"
        text = pdf_text(self.client.get(url))
        self.assertIn("Pembukaan", text)
        self.assertNotIn("*", text)
        self.assertIn("• Dinas Kesehatan", text)
        self.assertIn("• Bappeda & Dinas PU", text)
        self.assertIn("1. Pembukaan 2. Evaluasi pilar STBM", text)
        self.assertIn("catatan (https://example.org/catatan)", text)
        self.assertIn("<script>alert(1)</script>", text)  # shown, never interpreted
        self.assertIn("1. Verifikasi desa ODF.", text)
