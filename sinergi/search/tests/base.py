import datetime
import io

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from sinergi.knowledge.models import Article
from sinergi.library.models import Document, DocumentVersion
from sinergi.news.models import Post
from sinergi.pages.models import Page
from sinergi.test import BaseTestCase


def shares_queries() -> int:
    """The query of the words' shares (query.is_common): PostgreSQL only."""
    return 1 if connection.vendor == "postgresql" else 0


def make_page(slug, title_id, body_id, title_en="", body_en="", **fields):
    return Page.objects.create(
        slug=slug,
        title_id=title_id,
        body_id=body_id,
        title_en=title_en or title_id,
        body_en=body_en or body_id,
        **fields,
    )


def make_post(group, title, body, published_at="now", **fields):
    if published_at == "now":
        published_at = timezone.now() - datetime.timedelta(hours=1)
    return Post.objects.create(
        working_group=group, title=title, body=body, published_at=published_at, **fields
    )


def make_article(group, title, body, is_public=False, **fields):
    return Article.objects.create(
        working_group=group, title=title, body=body, is_public=is_public, **fields
    )


def make_document(group, title, text="", is_public=False, **fields):
    document = Document.objects.create(
        working_group=group,
        title=title,
        category=Document.Category.REPORT,
        is_public=is_public,
        **fields,
    )
    if text:
        add_version(document, text)
    return document


def add_version(document, text, content=b"%PDF-1.4\n", filename="dokumen.pdf"):
    number = document.versions.count() + 1
    version = DocumentVersion(
        document=document, number=number, filename=filename, size=len(content), text=text
    )
    version.file.save(filename, ContentFile(content), save=False)
    version.save()
    return version


def pdf_bytes(*lines: str) -> bytes:
    """A real one-page PDF with `lines` of text, made with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, line in enumerate(lines):
        pdf.drawString(72, 770 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


class SearchTestCase(BaseTestCase):
    def search(self, query, user=None, prefix="", **params):
        if user is None:
            self.client.logout()
        else:
            self.client.force_login(user)
        response = self.client.get(f"{prefix}/cari/", {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, response) -> list[str]:
        """The titles of the entries found (regions and working groups left out)."""
        sections = response.context["sections"]
        return [entry.title for s in sections if not s.places for entry in s.items]

    def places(self, response) -> list[str]:
        """The titles of the regions and working groups found."""
        sections = response.context["sections"]
        return [place.title for s in sections if s.places for place in s.items]


def find(query, user=None, language="id") -> list[str]:
    """The titles found for `query` by `user` (a visitor when None), best first."""
    from django.contrib.auth.models import AnonymousUser

    from sinergi.search.query import Results, query_stems, visible_entries

    entries = visible_entries(user or AnonymousUser(), language)
    return [entry.title for entry in Results(entries, query_stems(query))[0:100]]
