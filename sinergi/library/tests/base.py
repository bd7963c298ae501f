"""Documents and files for the library tests, on the shared personas.

Every test class gets its own MEDIA_ROOT, so a test can check that a refused upload left no
file behind.
"""

import io
import shutil
import tempfile
import zipfile

from django.core.files.base import ContentFile
from django.test import override_settings

from sinergi.library.actions import do_add_version
from sinergi.library.demo import docx_bytes, pdf_bytes, xlsx_bytes
from sinergi.library.models import Document
from sinergi.test import BaseTestCase

__all__ = ["docx_bytes", "pdf_bytes", "xlsx_bytes"]

PDF = pdf_bytes(["Panduan Sanitasi", "Pembangunan air minum dan sanitasi di desa."])


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pptx_bytes(slides) -> bytes:
    """A minimal PowerPoint archive: the marker part and one XML part per slide."""
    buffer = io.BytesIO()
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p:presentation/>".replace("p:", ""))
        for number, text in enumerate(slides, start=1):
            archive.writestr(
                f"ppt/slides/slide{number}.xml",
                f'<sld xmlns:a="{a}"><a:p><a:r><a:t>{text}</a:t></a:r></a:p></sld>',
            )
    return buffer.getvalue()


def make_document(group, title, *, public=False, files=((PDF, "dokumen.pdf"),), **fields):
    document = Document.objects.create(
        working_group=group,
        title=title,
        category=fields.pop("category", Document.Category.REPORT),
        is_public=public,
        **fields,
    )
    for content, name in files:
        do_add_version(document, ContentFile(content, name=name), "", None)
    return document


class LibraryTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="sinergi-library-test-")
        cls._media_override = override_settings(MEDIA_ROOT=cls.media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def stored_files(self) -> list[str]:
        import os

        return [
            os.path.relpath(os.path.join(root, name), self.media)
            for root, _dirs, names in os.walk(self.media)
            for name in names
        ]
