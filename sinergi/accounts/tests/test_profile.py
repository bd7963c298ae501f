from sinergi.test import BaseTestCase


class ProfileTestCase(BaseTestCase):
    url = "/akun/profil/"

    def test_it_shows_roles_and_saves_name_and_phone(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url)
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertContains(r, "Anggota")
        r = self.client.post(self.url, {"full_name": "Siti Rahmawati", "phone": "0812"})
        self.assertRedirects(r, self.url)
        self.member.refresh_from_db()
        self.assertEqual((self.member.full_name, self.member.phone), ("Siti Rahmawati", "0812"))

    def test_an_empty_name_is_refused(self):
        self.client.force_login(self.member)
        r = self.client.post(self.url, {"full_name": "", "phone": ""})
        self.assertContains(r, "Bidang ini harus diisi")
        self.member.refresh_from_db()
        self.assertEqual(self.member.full_name, "Siti")

    def test_password_change(self):
        self.client.force_login(self.member)
        r = self.client.post(
            "/akun/sandi/ubah/",
            {
                "old_password": "password",
                "new_password1": "sanitasi-aman-2026",
                "new_password2": "sanitasi-aman-2026",
            },
        )
        self.assertRedirects(r, self.url)
        self.member.refresh_from_db()
        self.assertTrue(self.member.check_password("sanitasi-aman-2026"))

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
