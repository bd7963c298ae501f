"""A request whose declared body is larger than any upload Sinergi accepts is refused (413)
before its body is read (issue 13, item 9)."""

from django.test import override_settings

from sinergi.lib.middleware import max_request_bytes
from sinergi.library.models import Document
from sinergi.test import BaseTestCase


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class RequestSizeTestCase(BaseTestCase):
    def post_declaring(self, url, length):
        return self.client.post(
            url,
            content_type="multipart/form-data; boundary=xyz",
            CONTENT_LENGTH=str(length),
            **{"wsgi.input": UnreadableInput()},
        )

    def test_a_huge_upload_is_refused_before_its_body_is_read(self):
        self.client.force_login(self.regency)
        response = self.post_declaring("/pokja/32.04/pustaka/baru/", 300 * 1024 * 1024)
        self.assertEqual(response.status_code, 413)
        self.assertContains(response, "10,0\xa0MB", status_code=413)  # Indonesian by default
        self.assertFalse(Document.objects.exists())

    def test_visitors_and_the_english_interface_get_it_too(self):
        response = self.post_declaring("/en/akun/masuk/", max_request_bytes() + 1)
        self.assertContains(response, "Request too large", status_code=413)

    @override_settings(UPLOAD_MAX_MB=1)
    def test_the_limit_follows_the_upload_limit(self):
        limit = max_request_bytes()
        self.assertEqual(limit, 2 * 1024 * 1024 + 1024 * 1024)
        self.assertEqual(self.post_declaring("/akun/masuk/", limit + 1).status_code, 413)

    def test_an_upload_within_the_limit_is_read_as_before(self):
        self.client.force_login(self.regency)
        response = self.client.post("/pokja/32.04/pustaka/baru/", {"title": ""})
        self.assertEqual(response.status_code, 200)
