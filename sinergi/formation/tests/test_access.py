from django.template import Context, Template

from sinergi.accounts.models import User
from sinergi.formation.access import may_start_in, startable_regions
from sinergi.formation.tests.base import FormationTestCase


class MayStartTestCase(FormationTestCase):
    def codes(self, user):
        return list(startable_regions(user).values_list("code", flat=True))

    def test_who_may_start_where(self):
        self.assertTrue(may_start_in(self.provincial, self.ciamis))
        self.assertFalse(may_start_in(self.provincial, self.sumba_timur))
        self.assertFalse(may_start_in(self.provincial, self.jabar))  # a province: national only
        self.assertFalse(may_start_in(self.provincial, self.cileunyi))  # below kabupaten/kota
        self.assertTrue(may_start_in(self.national, self.sumba_timur))
        self.assertTrue(may_start_in(self.national, self.jabar))
        self.assertFalse(may_start_in(self.national, self.nation))
        for user in (self.regency, self.member, self.forming_member):
            self.assertFalse(may_start_in(user, self.ciamis))

    def test_startable_regions_have_no_group(self):
        self.assertEqual(self.codes(self.provincial), ["32.07"])
        self.assertEqual(self.codes(self.outsider), ["53.11"])
        self.assertEqual(self.codes(self.national), ["32.07", "53.11"])
        self.assertEqual(self.codes(self.regency), [])
        admin = User.objects.create_superuser("admin@example.org", "x", full_name="Admin")
        self.assertEqual(self.codes(admin), ["32.07", "53.11"])

    def test_the_template_filter_for_the_profile_page(self):
        template = Template(
            "{% load formation %}{% if user|may_start_formation_in:region %}yes{% endif %}"
        )
        for user, expected in ((self.provincial, "yes"), (self.regency, "")):
            rendered = template.render(Context({"user": user, "region": self.ciamis}))
            self.assertEqual(rendered, expected)
