from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.formation.actions import do_start_formation
from sinergi.formation.tests.base import FormationTestCase

URL = "/pembentukan/"


class IndexTestCase(FormationTestCase):
    def regions(self, user):
        self.client.force_login(user)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        return [f.working_group.code for f in r.context["formations"]]

    def test_formations_follow_the_scope(self):
        self.assertEqual(self.regions(self.provincial), ["32.73"])
        self.assertEqual(self.regions(self.national), ["32.73"])
        self.assertEqual(self.regions(self.forming_member), ["32.73"])
        self.assertEqual(self.regions(self.outsider), [])
        self.assertEqual(self.regions(self.regency), [])

    def test_only_starters_see_the_start_links(self):
        self.client.force_login(self.provincial)
        r = self.client.get(URL)
        self.assertContains(r, 'href="/pembentukan/mulai/"')
        self.assertContains(r, 'href="/pembentukan/forum-setara/"')
        self.client.force_login(self.forming_member)
        self.assertNotContains(self.client.get(URL), 'href="/pembentukan/mulai/"')

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(URL), f"/akun/masuk/?next={URL}")

    def test_query_count_does_not_grow_with_the_formations(self):
        self.client.force_login(self.national)
        self.client.get(URL)  # the session
        # session, user, scope, formations, and what the base template asks (notifications)
        with CaptureQueriesContext(connection) as one:
            self.client.get(URL)
        self.assertLessEqual(len(one), 5)
        do_start_formation(self.ciamis, "Bappeda Kabupaten Ciamis", "2026-10-05", self.provincial)
        do_start_formation(self.sumba_timur, "Bappeda Sumba Timur", "2026-10-05", self.outsider)
        with self.assertNumQueries(len(one)):
            r = self.client.get(URL)
        self.assertEqual(len(r.context["formations"]), 3)
