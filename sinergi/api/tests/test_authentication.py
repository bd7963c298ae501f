import datetime

from django.db import connection
from django.utils import timezone

from sinergi.accounts.models import ApiToken
from sinergi.pokja.models import WorkingGroup
from sinergi.test import BaseTestCase

URL = "/api/working-groups/32.04/"


class ApiTokenAuthenticationTestCase(BaseTestCase):
    def get(self, key, keyword="Token", url=URL):
        return self.client.get(url, headers={"Authorization": f"{keyword} {key}"})

    def test_a_token_reads_as_its_user_with_token_or_bearer(self):
        token, key = ApiToken.objects.issue(self.regency, "laptop")
        self.assertEqual(self.get(key).status_code, 200)
        self.assertEqual(self.get(key, "Bearer").status_code, 200)
        # Outside the user's scope: 404 as for a session.
        self.assertEqual(self.get(key, url="/api/working-groups/53/").status_code, 404)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used)

    def test_the_database_holds_no_plaintext_key(self):
        token, key = ApiToken.objects.issue(self.regency, "laptop")
        self.assertEqual(len(key), 40)
        self.assertEqual(token.prefix, key[:8])
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM accounts_apitoken")
            stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        self.assertNotIn(key, stored)
        self.assertIn(ApiToken.hash_key(key), stored)

    def test_unknown_expired_and_revoked_tokens_get_401(self):
        expired, expired_key = ApiToken.objects.issue(self.regency, "lama")
        expired.expires = timezone.now() - datetime.timedelta(seconds=1)
        expired.save(update_fields=["expires"])
        revoked, revoked_key = ApiToken.objects.issue(self.regency, "dicabut")
        revoked.revoke()
        for key in ("bukan-kunci", expired_key, revoked_key):
            r = self.get(key)
            self.assertEqual(r.status_code, 401, key)
            self.assertEqual(r["WWW-Authenticate"], "Token")
        # Even on open data: a client that sends a bad key learns so.
        self.assertEqual(self.get(revoked_key, url="/api/regions/").status_code, 401)
        self.assertEqual(self.client.get(URL, headers={"Authorization": "Token"}).status_code, 401)

    def test_an_inactive_users_token_gets_401(self):
        _token, key = ApiToken.objects.issue(self.regency, "laptop")
        self.regency.is_active = False
        self.regency.save(update_fields=["is_active"])
        self.assertEqual(self.get(key).status_code, 401)

    def test_a_read_only_token_reads_but_gets_403_on_writes(self):
        _token, key = ApiToken.objects.issue(self.regency, "dasbor", read_only=True)
        auth = {"Authorization": f"Token {key}"}
        self.assertEqual(self.client.get(URL, headers=auth).status_code, 200)
        r = self.client.patch(
            URL, {"phone": "022-1"}, content_type="application/json", headers=auth
        )
        self.assertEqual(r.status_code, 403)
        r = self.client.post(
            "/api/data-values/bulk/", {}, content_type="application/json", headers=auth
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(WorkingGroup.objects.get(pk=self.bandung_group.pk).phone, "")

    def test_last_used_is_written_at_most_once_an_hour(self):
        token, key = ApiToken.objects.issue(self.regency, "laptop")
        self.get(key)
        token.refresh_from_db()
        first = token.last_used
        self.get(key)
        token.refresh_from_db()
        self.assertEqual(token.last_used, first)
        ApiToken.objects.filter(pk=token.pk).update(last_used=first - datetime.timedelta(hours=2))
        self.get(key)
        token.refresh_from_db()
        self.assertGreater(token.last_used, first - datetime.timedelta(hours=1))
