"""Who sees and downloads what: the national list, a document's page, its downloads, and the
working group's list."""

from sinergi.library.tests.base import PDF, LibraryTestCase, docx_bytes, make_document

DOCX = docx_bytes(["Contoh SK", "MEMUTUSKAN"])


class PagesTestCase(LibraryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.guide = make_document(
            cls.national_group,
            "Panduan Pembentukan Pokja AMPL",
            public=True,
            category="panduan",
            year=2024,
            files=[(PDF, "panduan.pdf")],
        )
        cls.report = make_document(
            cls.bandung_group,
            "Laporan Rapat Internal",
            files=[(PDF, "laporan.pdf"), (DOCX, "laporan rev.docx")],
        )
        cls.profile = make_document(
            cls.bandung_group, "Profil Sanitasi", public=True, category="kajian", year=2023
        )
        cls.kupang_report = make_document(cls.kupang_group, "Laporan Kupang")

    def get(self, user, url):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url)

    def test_the_library_shows_public_documents_to_visitors(self):
        response = self.get(None, "/pustaka/")
        self.assertContains(response, "<h1>Pustaka</h1>", html=True)
        titles = {d.title for d in response.context["page"]}
        self.assertEqual(titles, {"Panduan Pembentukan Pokja AMPL", "Profil Sanitasi"})
        self.assertContains(response, f'href="/pustaka/{self.guide.pk}/unduh/"')

    def test_the_library_adds_the_internal_documents_in_scope(self):
        for user, extra in [
            (self.member, {"Laporan Rapat Internal"}),
            (self.regency, {"Laporan Rapat Internal"}),
            (self.provincial, {"Laporan Rapat Internal"}),
            (self.outsider, {"Laporan Kupang"}),  # the province of NTT reads Kupang
            (self.national, {"Laporan Rapat Internal", "Laporan Kupang"}),
        ]:
            with self.subTest(user=user.email):
                titles = {d.title for d in self.get(user, "/pustaka/").context["page"]}
                self.assertEqual(
                    titles, {"Panduan Pembentukan Pokja AMPL", "Profil Sanitasi"} | extra
                )

    def test_rows_show_the_latest_version(self):
        response = self.get(self.member, "/pustaka/?q=rapat")
        [row] = response.context["page"]
        self.assertEqual((row.latest_number, row.latest_size), (2, len(DOCX)))
        self.assertContains(response, "(v2)")

    def test_filters(self):
        for query, expected in [
            ("kategori=panduan", {"Panduan Pembentukan Pokja AMPL"}),
            ("tahun=2023", {"Profil Sanitasi"}),
            ("wilayah=32", {"Profil Sanitasi", "Laporan Rapat Internal"}),
            ("wilayah=ID", {"Panduan Pembentukan Pokja AMPL"}),
            ("publik=tidak", {"Laporan Rapat Internal"}),
            ("q=PROFIL", {"Profil Sanitasi"}),
            ("bahasa=en", set()),
        ]:
            with self.subTest(query=query):
                response = self.get(self.member, f"/pustaka/?{query}")
                self.assertEqual({d.title for d in response.context["page"]}, expected)

    def test_category_counts_follow_the_other_filters(self):
        response = self.get(None, "/pustaka/?kategori=panduan")
        counts = {value: count for value, _label, count in response.context["categories"]}
        self.assertEqual((counts["panduan"], counts["kajian"], counts["laporan"]), (1, 1, 0))

    def test_the_total_is_the_sum_of_the_category_counts(self):
        """The page counts nothing twice: its total comes from the category counts, which
        follow the other filters."""
        for number in range(51):
            make_document(self.kupang_group, f"Kajian {number}", public=True, category="kajian")
        response = self.get(None, "/pustaka/")
        page = response.context["page"]
        self.assertEqual((page.paginator.count, page.paginator.num_pages), (53, 2))
        self.assertContains(response, "53 dokumen")
        self.assertEqual(len(self.get(None, "/pustaka/?page=2").context["page"]), 3)
        response = self.get(None, "/pustaka/?kategori=kajian&page=2")
        self.assertEqual(response.context["page"].paginator.count, 52)
        self.assertEqual(len(response.context["page"]), 2)
        response = self.get(None, "/pustaka/?kategori=panduan&q=tidak+ada")
        self.assertEqual(response.context["page"].paginator.count, 0)

    def test_rows_show_labels_and_addresses_of_the_language(self):
        response = self.get(None, "/en/pustaka/")
        self.assertContains(response, f'<a href="/en/pustaka/{self.profile.pk}/">Profil Sanitasi')
        self.assertContains(response, f'href="/en/pustaka/{self.guide.pk}/unduh/" download')
        self.assertContains(response, "<td>Study</td>")
        self.assertContains(response, "<td>Indonesian</td>")

    def test_bad_filters_are_explained_not_failed(self):
        response = self.get(None, "/pustaka/?tahun=abc&wilayah=xx&kategori=nope&page=zz")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tulis kode wilayah, misalnya 32 atau 32.04.")
        self.assertEqual(len(response.context["page"]), 2)

    def test_list_queries_do_not_grow_with_rows(self):
        self.get(self.member, "/pustaka/")  # warm the session
        # session, user, roles, categories (whose sum is the count), unread notifications, page
        with self.assertNumQueries(6):
            self.client.get("/pustaka/")
        for number in range(5):
            make_document(self.bandung_group, f"Laporan {number}", public=number % 2 == 0)
        with self.assertNumQueries(6):
            response = self.client.get("/pustaka/")
        self.assertEqual(response.context["page"].paginator.count, 8)
        self.client.logout()
        with self.assertNumQueries(2):
            self.client.get("/pustaka/")

    def test_group_list_queries_do_not_grow_with_rows(self):
        self.client.force_login(self.member)
        self.client.get("/pokja/32.04/pustaka/")
        # session, user, group, roles, categories (whose sum is the count), unread
        # notifications, page
        with self.assertNumQueries(7):
            response = self.client.get("/pokja/32.04/pustaka/")
        self.assertEqual(len(response.context["page"]), 2)
        for number in range(5):
            make_document(self.bandung_group, f"Laporan {number}")
        with self.assertNumQueries(7):
            response = self.client.get("/pokja/32.04/pustaka/")
        self.assertEqual(len(response.context["page"]), 7)

    def test_access_matrix_on_the_group_list(self):
        url = "/pokja/32.04/pustaka/"
        for user, status in [
            (self.regency, 200),
            (self.member, 200),
            (self.provincial, 200),
            (self.national, 200),
            (self.outsider, 200),
        ]:
            with self.subTest(user=user.email):
                self.assertEqual(self.get(user, url).status_code, status)
        # Visitors and outsiders see the group's public documents only.
        for user in [None, self.outsider]:
            response = self.get(user, url)
            self.assertNotContains(response, "Laporan Rapat Internal")
            self.assertNotContains(response, "Tambah dokumen")
        self.assertContains(self.get(self.member, url), "Laporan Rapat Internal")
        self.assertEqual(self.get(None, "/pokja/99/pustaka/").status_code, 404)
        self.assertContains(self.get(self.regency, url), "Tambah dokumen")
        self.assertContains(self.get(self.member, url), "Tambah dokumen")  # members upload
        self.assertNotContains(self.get(self.provincial, url), "Tambah dokumen")

    def test_access_matrix_on_an_internal_document(self):
        urls = [
            self.report.get_absolute_url(),
            f"/pustaka/{self.report.pk}/unduh/",
            f"/pustaka/{self.report.pk}/v1/unduh/",
        ]
        for url in urls:
            for user, status in [
                (None, 404),
                (self.outsider, 404),
                (self.member, 200),
                (self.regency, 200),
                (self.provincial, 200),
                (self.national, 200),
            ]:
                with self.subTest(url=url, user=user and user.email):
                    self.assertEqual(self.get(user, url).status_code, status)

    def test_visitors_read_and_download_public_documents(self):
        response = self.get(None, self.guide.get_absolute_url())
        self.assertContains(response, "Panduan Pembentukan Pokja AMPL")
        self.assertContains(response, "Unduh versi terbaru")
        self.assertNotContains(response, "Unggah versi baru")
        self.assertEqual(response.context["history"], [])
        self.assertNotContains(response, "Diunggah oleh")
        response = self.get(None, f"/pustaka/{self.guide.pk}/unduh/")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="panduan.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_the_download_names_the_version_and_its_type(self):
        self.client.force_login(self.member)
        latest = self.client.get(f"/pustaka/{self.report.pk}/unduh/")
        self.assertEqual(b"".join(latest.streaming_content), DOCX)
        self.assertEqual(
            latest["Content-Type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertEqual(latest["Content-Disposition"], 'attachment; filename="laporan_rev.docx"')
        self.assertIn("private", latest["Cache-Control"])
        first = self.client.get(f"/pustaka/{self.report.pk}/v1/unduh/")
        self.assertEqual(b"".join(first.streaming_content), PDF)
        self.assertEqual(self.client.get(f"/pustaka/{self.report.pk}/v3/unduh/").status_code, 404)
        self.assertEqual(self.client.get("/pustaka/999999/unduh/").status_code, 404)

    def test_the_detail_lists_versions_and_history_in_scope(self):
        self.client.force_login(self.regency)
        response = self.client.get(self.report.get_absolute_url())
        self.assertEqual([v.number for v in response.context["versions"]], [2, 1])
        self.assertContains(response, "Unggah versi baru")
        self.assertContains(response, "Riwayat perubahan")
        self.assertContains(response, "Diunggah oleh")
        self.assertContains(response, f'href="/pustaka/{self.report.pk}/v1/unduh/"')

    def test_a_missing_file_is_404_not_500(self):
        version = self.profile.versions.get()
        version.file.storage.delete(version.file.name)
        self.assertEqual(self.get(None, f"/pustaka/{self.profile.pk}/unduh/").status_code, 404)

    def test_english_pages(self):
        response = self.get(None, "/en/pustaka/")
        self.assertContains(response, "<h1>Library</h1>", html=True)
