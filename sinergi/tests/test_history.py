from auditlog.context import set_actor

from sinergi.lib.history import history_for
from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase


class HistoryTestCase(BaseTestCase):
    def test_changes_read_as_labels_and_names_in_a_fixed_number_of_queries(self):
        other = Institution.objects.create(
            name="Dinas Kesehatan Kabupaten Bandung",
            category=Institution.Category.AGENCY,
            region=self.kab_bandung,
        )
        with set_actor(self.regency):
            self.bandung_group.kind = "pkp"
            self.bandung_group.contact_institution = other
            self.bandung_group.save()
        with self.assertNumQueries(3):  # the entries, then one query per related model
            entries = history_for(self.bandung_group)
        latest = entries[0]
        self.assertEqual(str(latest.action), "diubah")
        self.assertEqual(latest.entry.actor, self.regency)
        changes = {str(c.field): (c.old, c.new) for c in latest.changes}
        self.assertEqual(changes["jenis"], ("Pokja AMPL", "Pokja PKP"))
        self.assertEqual(
            changes["lembaga narahubung"],
            ("Bappeda Kabupaten Bandung", "Dinas Kesehatan Kabupaten Bandung"),
        )
        created = entries[-1]
        self.assertEqual(str(created.action), "dibuat")
        self.assertNotIn("ID", {str(c.field) for c in created.changes})
        self.assertIn(("—", "Kabupaten Bandung"), [(c.old, c.new) for c in created.changes])
