from django.test import override_settings

from sinergi.test import BaseTestCase


class SignInTestCase(BaseTestCase):
    url = "/akun/masuk/"

    def sign_in(self, email, password, **extra):
        return self.client.post(self.url, {"username": email, "password": password, **extra})

    def test_it_signs_in_by_email_in_any_case_and_goes_to_the_dashboard(self):
        r = self.sign_in("Bandung@Example.org", "password")
        self.assertRedirects(r, "/dasbor/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.regency.pk)

    def test_it_follows_next(self):
        r = self.sign_in("bandung@example.org", "password", next="/pokja/32.04/ruang-kerja/")
        self.assertRedirects(r, "/pokja/32.04/ruang-kerja/")

    def test_it_refuses_a_wrong_password_with_an_indonesian_message(self):
        r = self.sign_in("bandung@example.org", "salah")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Alamat e-mail atau kata sandi tidak benar")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_speaks_english_under_en(self):
        r = self.client.post("/en/akun/masuk/", {"username": "x@example.org", "password": "y"})
        self.assertContains(r, "The e-mail address or the password is not correct")

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_failed_sign_ins_are_throttled(self):
        for _ in range(3):
            self.sign_in("bandung@example.org", "salah")
        r = self.sign_in("bandung@example.org", "password")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Terlalu banyak", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_sign_out_needs_post_and_ends_the_session(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/akun/keluar/").status_code, 405)
        self.assertRedirects(self.client.post("/akun/keluar/"), "/")
        self.assertNotIn("_auth_user_id", self.client.session)
