from unittest import mock

from django.urls import reverse

from sinergi.accounts.models import ApiToken
from sinergi.library.tests.base import PDF, LibraryTestCase, docx_bytes, make_document

URL = "/api/documents/"


class DocumentAPITestCase(LibraryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.guide = make_document(
            cls.national_group, "Panduan", public=True, category="panduan", year=2024
        )
        cls.report = make_document(
            cls.bandung_group,
            "Laporan Internal",
            year=2025,
            files=[(PDF, "laporan.pdf"), (docx_bytes(["Revisi"]), "laporan.docx")],
        )
        cls.kupang_report = make_document(cls.kupang_group, "Laporan Kupang")

    def get(self, url, user=None):
        return self.client.get(url, **self.auth(user))

    def auth(self, user):
        if user is None:
            return {}
        key = ApiToken.objects.issue(user, "test")[1]
        return {"HTTP_AUTHORIZATION": f"Token {key}"}

    def test_anonymous_clients_get_public_documents_and_their_files(self):
        with self.assertNumQueries(3):  # count, documents, versions
            data = self.get(URL).json()
        self.assertEqual([d["title"] for d in data["results"]], ["Panduan"])
        [guide] = data["results"]
        self.assertEqual(guide["working_group"], "ID")
        self.assertEqual(guide["category"], "panduan")
        self.assertEqual(guide["download"], f"http://testserver/pustaka/{self.guide.pk}/unduh/")
        [version] = guide["versions"]
        self.assertEqual(
            (version["number"], version["filename"], version["size"]), (1, "dokumen.pdf", len(PDF))
        )
        self.assertNotIn("text", version)
        response = self.client.get(guide["download"])
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(self.get(f"{URL}{self.report.pk}/").status_code, 404)

    def test_internal_documents_stay_in_scope(self):
        for user, expected in [
            (self.member, {"Panduan", "Laporan Internal"}),
            (self.provincial, {"Panduan", "Laporan Internal"}),
            (self.outsider, {"Panduan", "Laporan Kupang"}),
            (self.national, {"Panduan", "Laporan Internal", "Laporan Kupang"}),
        ]:
            with self.subTest(user=user.email):
                titles = {d["title"] for d in self.get(URL, user).json()["results"]}
                self.assertEqual(titles, expected)
        self.assertEqual(self.get(f"{URL}{self.report.pk}/", self.outsider).status_code, 404)
        data = self.get(f"{URL}{self.report.pk}/", self.member).json()
        self.assertEqual([v["number"] for v in data["versions"]], [2, 1])
        self.assertTrue(
            data["versions"][1]["download"].endswith(f"/pustaka/{self.report.pk}/v1/unduh/")
        )

    def test_list_queries_do_not_grow_with_rows(self):
        for number in range(4):
            make_document(self.bandung_group, f"Laporan {number}", public=True)
        headers = self.auth(self.member)
        self.client.get(URL, **headers)  # the token's first use writes its last_used
        with self.assertNumQueries(5):  # token, roles, count, documents, versions
            data = self.client.get(URL, **headers).json()
        self.assertEqual(data["count"], 6)

    def test_each_address_is_reversed_once_per_response(self):
        for number in range(4):
            make_document(
                self.bandung_group,
                f"Laporan {number}",
                public=True,
                files=[(PDF, "a.pdf"), (PDF, "b.pdf")],
            )
        with mock.patch("sinergi.api.library.reverse", wraps=reverse) as reversing:
            data = self.get(URL, self.national).json()
        # The document's download and its versions' downloads: two patterns, seven documents.
        self.assertEqual(reversing.call_count, 2)
        self.assertEqual(data["count"], 7)
        for document in data["results"]:
            pk = document["id"]
            self.assertEqual(document["download"], f"http://testserver/pustaka/{pk}/unduh/")
            self.assertEqual(
                [v["download"] for v in document["versions"]],
                [
                    f"http://testserver/pustaka/{pk}/v{v['number']}/unduh/"
                    for v in document["versions"]
                ],
            )

    def test_filters(self):
        for query, expected in [
            ("category=panduan", {"Panduan"}),
            ("year=2025", {"Laporan Internal"}),
            ("group=32", {"Laporan Internal"}),
            ("group=ID", {"Panduan"}),
            ("language=en", set()),
            ("is_public=false", {"Laporan Internal", "Laporan Kupang"}),
        ]:
            with self.subTest(query=query):
                data = self.get(f"{URL}?{query}", self.national).json()
                self.assertEqual({d["title"] for d in data["results"]}, expected)

    def test_bad_filters_are_400_not_500(self):
        for query in ("year=abc", "category=nope", "language=xx"):
            with self.subTest(query=query):
                self.assertEqual(self.get(f"{URL}?{query}").status_code, 400)
        self.assertEqual(self.get(f"{URL}?group=zz").json()["count"], 0)

    def test_the_api_is_read_only(self):
        key = ApiToken.objects.issue(self.regency, "test")[1]
        response = self.client.post(URL, {"title": "x"}, HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(response.status_code, 405)
