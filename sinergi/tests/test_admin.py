from django.contrib import admin
from django.test import RequestFactory

from sinergi.accounts.models import User
from sinergi.test import BaseTestCase, add_member


class AdminTestCase(BaseTestCase):
    def test_every_admin_list_and_form_opens(self):
        add_member(self.bandung_group, "Dadang Suherman")
        root = User.objects.create_superuser("root@example.org", "x", full_name="Root")
        self.client.force_login(root)
        for model, model_admin in admin.site._registry.items():
            meta = model._meta
            url = f"/admin/{meta.app_label}/{meta.model_name}/"
            self.assertEqual(self.client.get(url).status_code, 200, url)
            first = model_admin.get_queryset(self._request(root)).first()
            if first is not None:
                r = self.client.get(f"{url}{first.pk}/change/")
                self.assertEqual(r.status_code, 200, url)

    def _request(self, user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return request

    def test_memberships_cannot_be_deleted_in_the_admin(self):
        member = add_member(self.bandung_group, "Dadang Suherman")
        root = User.objects.create_superuser("root@example.org", "x", full_name="Root")
        self.client.force_login(root)
        r = self.client.get(f"/admin/pokja/membership/{member.pk}/delete/")
        self.assertEqual(r.status_code, 403)
