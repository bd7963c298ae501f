import datetime

from auditlog.context import set_actor
from auditlog.models import LogEntry

from sinergi.accounts.models import User
from sinergi.formation.models import Formation
from sinergi.knowledge.models import Article
from sinergi.lib.history import history_for
from sinergi.library.models import Document
from sinergi.meetings.models import ActionItem
from sinergi.pokja.models import Institution, Role
from sinergi.programmes.models import Programme
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
            entries = history_for(self.bandung_group, zone=self.bandung_group.time_zone)
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


class HistoryTimeZoneTestCase(BaseTestCase):
    """Issue 15: the change history of a Kupang record showed the time in WIB (or UTC) without
    a zone; every history on a working group's pages reads in the group's zone."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        group = cls.kupang_group
        cls.kupang = User.objects.create_user("kupang@example.org", "pw", full_name="Yohanes")
        Role.objects.create(user=cls.kupang, working_group=group, kind=Role.Kind.SECRETARIAT)
        bappeda = Institution.objects.create(
            name="Bappeda Kabupaten Kupang",
            category=Institution.Category.BAPPEDA,
            region=cls.kab_kupang,
        )
        day = datetime.date(2026, 3, 4)
        programme = Programme.objects.create(
            name="PAMSIMAS Kupang",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=day,
            ends_on=day.replace(year=2028),
            registered_by=group,
        )
        article = Article.objects.create(working_group=group, title="Pemicuan STBM", body="Isi.")
        document = Document.objects.create(
            working_group=group, title="Laporan", category=Document.Category.REPORT
        )
        Formation.objects.create(working_group=group, lead_institution=bappeda)
        item = ActionItem.objects.create(
            working_group=group, title="Surati PDAM", due_on=day, owner_institution=bappeda
        )
        # Every entry logged at 01:00 UTC: 09.00 in Kupang (WITA), 08.00 in Bandung (WIB).
        LogEntry.objects.update(timestamp=datetime.datetime(2026, 3, 4, 1, tzinfo=datetime.UTC))
        cls.pages = [
            "/pokja/53.01/ruang-kerja/",
            "/pokja/53.01/",
            f"/program/{programme.pk}/",
            f"/pokja/53.01/pengetahuan/{article.pk}/",
            f"/pustaka/{document.pk}/",
            "/pokja/53.01/pembentukan/",
            f"/pokja/53.01/tindak-lanjut/{item.pk}/",
        ]

    def test_every_history_of_a_kupang_record_reads_in_wita(self):
        self.client.force_login(self.kupang)
        for url in self.pages:
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertContains(page, "4 Mar 2026 09.00 WITA</time>")

    def test_a_bandung_history_reads_in_wib(self):
        LogEntry.objects.update(timestamp=datetime.datetime(2026, 3, 4, 1, tzinfo=datetime.UTC))
        self.client.force_login(self.regency)
        self.assertContains(
            self.client.get("/pokja/32.04/ruang-kerja/"), "4 Mar 2026 08.00 WIB</time>"
        )
