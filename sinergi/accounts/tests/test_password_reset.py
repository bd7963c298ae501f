import re

from django.core import mail

from sinergi.test import BaseTestCase


class PasswordResetTestCase(BaseTestCase):
    def test_a_reset_link_sets_a_new_password(self):
        r = self.client.post("/akun/sandi/lupa/", {"email": "bandung@example.org"})
        self.assertRedirects(r, "/akun/sandi/lupa/terkirim/")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["bandung@example.org"])
        self.assertIn("kata sandi", message.body.lower())
        link = re.search(r"http://127.0.0.1:8000(/akun/sandi/atur/\S+)", message.body).group(1)

        r = self.client.get(link, follow=True)
        form_url = r.redirect_chain[-1][0]
        r = self.client.post(
            form_url, {"new_password1": "air-bersih-2026", "new_password2": "air-bersih-2026"}
        )
        self.assertRedirects(r, "/akun/sandi/atur/selesai/")
        self.regency.refresh_from_db()
        self.assertTrue(self.regency.check_password("air-bersih-2026"))

    def test_an_unknown_address_sends_nothing_and_reveals_nothing(self):
        r = self.client.post("/akun/sandi/lupa/", {"email": "siapa@example.org"})
        self.assertRedirects(r, "/akun/sandi/lupa/terkirim/")
        self.assertEqual(len(mail.outbox), 0)

    def test_a_broken_link_says_so(self):
        r = self.client.get("/akun/sandi/atur/MQ/bukan-token/")
        self.assertContains(r, "tidak valid")
