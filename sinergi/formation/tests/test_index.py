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

    def test_query_count(self):
        self.client.force_login(self.national)
        self.client.get(URL)
        with self.assertNumQueries(4):  # session, user, scope, formations
            self.client.get(URL)
