"""/pokja/<kode>/orang/<id>/ubah/: the secretariat corrects a person of its roster (the case of
a person shared with a group it cannot edit is in test_security_people.py)."""

from auditlog.models import LogEntry

from sinergi.pokja.models import Person
from sinergi.test import BaseTestCase, add_member


class EditPersonTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = add_member(
            cls.bandung_group, "Dadang Suherman", email="dadang@example.org"
        ).person
        cls.url = f"/pokja/32.04/orang/{cls.person.pk}/ubah/"

    def form(self, **changes):
        data = {
            "full_name": "Dadang Suherman",
            "job_title": "Kepala Bidang Infrastruktur",
            "email": "dadang.baru@example.org",
            "phone": "0812-555",
            "institution": self.bappeda.pk,
        }
        data.update(changes)
        return data

    def test_secretariat_changes_a_person_and_the_change_is_recorded(self):
        self.client.force_login(self.regency)
        self.assertContains(self.client.get(self.url), "dadang@example.org")
        r = self.client.post(self.url, self.form())
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        self.person.refresh_from_db()
        self.assertEqual(self.person.email, "dadang.baru@example.org")
        self.assertEqual(self.person.institution, self.bappeda)
        self.assertContains(self.client.get("/pokja/32.04/anggota/"), "Kepala Bidang Infrastruktur")
        changes = LogEntry.objects.get_for_object(self.person).latest("timestamp").changes_dict
        self.assertEqual(changes["email"], ["dadang@example.org", "dadang.baru@example.org"])

    def test_invalid_input_is_refused_and_changes_nothing(self):
        self.client.force_login(self.regency)
        for changes in [
            {"full_name": ""},
            {"email": "bukan-alamat"},
            {"nip": "197302281999031003"},  # a NIP without being a civil servant
        ]:
            with self.subTest(changes=changes):
                r = self.client.post(self.url, self.form(**changes))
                self.assertEqual(r.status_code, 200)
                self.assertEqual(set(r.context["form"].errors), set(changes))
        self.assertEqual(Person.objects.get(pk=self.person.pk).email, "dadang@example.org")

    def test_access_matrix(self):
        for user, status in [(self.member, 403), (self.provincial, 403), (self.outsider, 404)]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                self.assertEqual(self.client.post(self.url, self.form()).status_code, status)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
        self.client.post(self.url, self.form())
        self.assertEqual(Person.objects.get(pk=self.person.pk).email, "dadang@example.org")

    def test_a_person_of_another_group_is_not_found(self):
        other = add_member(self.kupang_group, "Yakobus Tefa").person
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/orang/{other.pk}/ubah/"
        self.assertEqual(self.client.get(url).status_code, 404)
