from auditlog.models import LogEntry

from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.test import BaseTestCase


class EditWorkingGroupTestCase(BaseTestCase):
    url = "/pokja/32.04/ubah/"

    def form(self, **changes):
        data = {
            "name": "Pokja AMPL Kabupaten Bandung",
            "kind": "ampl",
            "secretariat_address": "Jl. Raya Soreang Km. 17",
            "contact_institution": self.bappeda.pk,
            "email": "pokja@bandungkab.go.id",
            "phone": "022-5891691",
        }
        data.update(changes)
        return data

    def test_secretariat_saves_the_group_and_the_change_is_recorded(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form(kind="ppas", name="Pokja PPAS Kab. Bandung"))
        self.assertRedirects(r, "/pokja/32.04/")
        group = WorkingGroup.objects.get(pk=self.bandung_group.pk)
        self.assertEqual(group.kind, "ppas")
        updates = LogEntry.objects.get_for_object(group).filter(action=LogEntry.Action.UPDATE)
        change = next(e for e in updates if "kind" in e.changes_dict)
        self.assertEqual(change.actor, self.regency)
        self.assertEqual(change.changes_dict["kind"], ["ampl", "ppas"])

    def test_a_new_name_is_kept_in_the_name_history(self):
        self.client.force_login(self.regency)
        self.client.post(
            self.url,
            self.form(
                kind="pkp",
                name="Pokja PKP Kabupaten Bandung",
                name_since="2025-07-01",
                name_note="Bergabung dengan Pokja Sanitasi",
            ),
        )
        names = [(n.name, n.kind, str(n.since), n.note) for n in self.bandung_group.names.all()]
        self.assertEqual(
            names[0],
            ("Pokja PKP Kabupaten Bandung", "pkp", "2025-07-01", "Bergabung dengan Pokja Sanitasi"),
        )
        self.assertEqual(names[1][:2], ("Pokja AMPL Kabupaten Bandung", "ampl"))
        # A change of address alone adds no name.
        self.client.post(
            self.url, self.form(kind="pkp", name="Pokja PKP Kabupaten Bandung", phone="1")
        )
        self.assertEqual(self.bandung_group.names.count(), 2)

    def test_it_refuses_an_institution_of_another_region(self):
        other = Institution.objects.create(
            name="Bappeda NTT", category=Institution.Category.BAPPEDA, region=self.ntt
        )
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form(contact_institution=other.pk))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.contact_institution, self.bappeda)

    def test_invalid_input_changes_nothing_and_says_why_in_indonesian(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form(name="", email="bukan-email"))
        self.assertContains(r, "Bidang ini harus diisi")
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.name, "Pokja AMPL Kabupaten Bandung")

    def test_member_gets_403(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form(name="X")).status_code, 403)
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.name, "Pokja AMPL Kabupaten Bandung")

    def test_provincial_secretariat_reads_but_cannot_edit_a_regency_group(self):
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.post(self.url, self.form(name="X")).status_code, 403)

    def test_outsider_gets_404_and_changes_nothing(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.form(name="X")).status_code, 404)
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.name, "Pokja AMPL Kabupaten Bandung")

    def test_visitor_is_sent_to_sign_in(self):
        r = self.client.post(self.url, self.form(name="X"))
        self.assertRedirects(r, f"/akun/masuk/?next={self.url}")
