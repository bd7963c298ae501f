import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sinergi.news.models import Post
from sinergi.test import BaseTestCase


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 94, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="foto.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_post(group, title, days_ago=1, **fields):
    published = None if days_ago is None else timezone.now() - datetime.timedelta(days=days_ago)
    return Post.objects.create(
        working_group=group, title=title, body=fields.pop("body", "Isi berita."),
        published_at=published, **fields,
    )  # fmt: skip


class NewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.published = make_post(cls.bandung_group, "Desa Cinunuk ODF", summary="Ringkasan")
        cls.draft = make_post(cls.bandung_group, "Draf hasil uji air", days_ago=None)
        cls.kupang_post = make_post(
            cls.kupang_group, "PAH di sekolah", days_ago=2, kind=Post.Kind.ADVOCACY
        )
        cls.kupang_draft = make_post(cls.kupang_group, "Draf Kupang", days_ago=None)
        cls.national_post = make_post(cls.national_group, "Rakornas Pokja AMPL", days_ago=3)
