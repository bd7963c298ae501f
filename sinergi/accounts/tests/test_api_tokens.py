import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from sinergi.accounts.models import ApiToken, User
from sinergi.test import BaseTestCase

URL = "/akun/token/"


class ApiTokenPagesTestCase(BaseTestCase):
    def test_a_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(URL), f"/akun/masuk/?next={URL}")
        token, _key = ApiToken.objects.issue(self.regency, "laptop")
        r = self.client.post(f"/akun/token/{token.pk}/cabut/")
        self.assertRedirects(r, f"/akun/masuk/?next=/akun/token/{token.pk}/cabut/")
        token.refresh_from_db()
        self.assertIsNone(token.revoked)

    def test_it_makes_a_token_and_shows_the_key_once(self):
        self.client.force_login(self.regency)
        r = self.client.post(URL, {"name": "Harvester portal", "days": "30", "read_only": "on"})
        self.assertEqual(r.status_code, 200)
        token = ApiToken.objects.get(user=self.regency)
        self.assertEqual(token.name, "Harvester portal")
        self.assertTrue(token.read_only)
        self.assertEqual((token.expires - timezone.now()).days, 29)
        key = r.context["new_key"]
        self.assertEqual(token.key_hash, ApiToken.hash_key(key))
        self.assertContains(r, key)
        self.assertIn("no-store", r["Cache-Control"])
        # Afterwards the list shows its prefix, never the key.
        r = self.client.get(URL)
        self.assertContains(r, "Harvester portal")
        self.assertContains(r, token.prefix)
        self.assertNotContains(r, key)

    def test_bad_input_makes_nothing(self):
        self.client.force_login(self.regency)
        r = self.client.post(URL, {"name": "", "days": "9999"})
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.context["form"].errors)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_lists_only_the_users_live_tokens(self):
        ApiToken.objects.issue(self.regency, "laptop")
        ApiToken.objects.issue(self.member, "punya Siti")
        ApiToken.objects.issue(self.regency, "dicabut")[0].revoke()
        old = ApiToken.objects.issue(self.regency, "kedaluwarsa")[0]
        old.expires = timezone.now() - datetime.timedelta(days=1)
        old.save(update_fields=["expires"])
        self.client.force_login(self.regency)
        r = self.client.get(URL)
        self.assertEqual([t.name for t in r.context["tokens"]], ["laptop"])

    def test_the_owner_revokes_a_token(self):
        token, _key = ApiToken.objects.issue(self.regency, "laptop")
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(f"/akun/token/{token.pk}/cabut/").status_code, 405)
        r = self.client.post(f"/akun/token/{token.pk}/cabut/")
        self.assertRedirects(r, URL)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked)
        # Revoking again finds nothing to revoke.
        self.assertEqual(self.client.post(f"/akun/token/{token.pk}/cabut/").status_code, 404)

    def test_one_user_cannot_revoke_anothers_token(self):
        token, _key = ApiToken.objects.issue(self.regency, "laptop")
        self.client.force_login(self.national)
        self.assertEqual(self.client.post(f"/akun/token/{token.pk}/cabut/").status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked)

    def test_the_profile_links_to_the_tokens(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/akun/profil/"), 'href="/akun/token/"')


class CreateApiTokenCommandTestCase(BaseTestCase):
    def test_it_prints_a_working_key_once(self):
        out, err = StringIO(), StringIO()
        call_command(
            "create_api_token", "Bandung@example.org", "--read-only", stdout=out, stderr=err
        )
        key = out.getvalue().strip()
        token = ApiToken.objects.get(user=self.regency)
        self.assertEqual(token.key_hash, ApiToken.hash_key(key))
        self.assertTrue(token.read_only)
        self.assertEqual(ApiToken.objects.for_key(key), token)

    def test_an_unknown_email_is_an_error(self):
        with self.assertRaises(CommandError):
            call_command("create_api_token", "siapa@example.org", stdout=StringIO())


class ApiTokenAdminTestCase(BaseTestCase):
    def test_an_administrator_lists_and_revokes_tokens(self):
        token, _key = ApiToken.objects.issue(self.regency, "laptop")
        admin = User.objects.create_superuser("admin@example.org", "password", full_name="Admin")
        self.client.force_login(admin)
        r = self.client.get("/admin/accounts/apitoken/")
        self.assertContains(r, "laptop")
        self.assertEqual(self.client.get("/admin/accounts/apitoken/add/").status_code, 403)
        r = self.client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
        self.assertNotContains(r, token.key_hash)
        self.client.post(
            "/admin/accounts/apitoken/",
            {"action": "revoke", "_selected_action": [token.pk]},
        )
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked)
