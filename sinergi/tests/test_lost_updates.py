"""No lost update (issue 15, item 7). Two secretaries open the same edit page; A changes one
field and saves, B (whose page is now stale) changes another and saves: B's save is refused
with a message naming what A changed, the form comes back with A's change and B's own, and
saving it again keeps both. Before, B's save silently wrote A's field back to its old value."""

import datetime
import re

from django.test import Client

from sinergi.decrees.models import Decree
from sinergi.meetings.models import ActionItem
from sinergi.planning.models import StrategicPlan
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.pokja.models import Membership, WorkingGroup
from sinergi.test import add_member, form_values


def errors_of(response) -> list[str]:
    return re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)


STALE = "Someone else saved this record after you opened it"


class LostUpdateTestCase(WorkPlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.membership = add_member(cls.bandung_group, "Dadang Suherman", institution=cls.bappeda)
        cls.item = ActionItem.objects.create(
            working_group=cls.bandung_group,
            title="Jadwalkan verifikasi ODF",
            description="Di Kecamatan Cileunyi.",
            owner_person=cls.membership.person,
            due_on=datetime.date(2026, 12, 20),
        )
        cls.decree = Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.12-Bappeda/2026",
            signed_on=datetime.date(2026, 1, 10),
            signatory="Bupati Bandung",
            valid_from=datetime.date(2026, 1, 10),
            valid_until=datetime.date(2026, 12, 31),
        )
        cls.strategic_plan = StrategicPlan.objects.create(
            working_group=cls.bandung_group, title="Renstra AMPL", start_year=2025, end_year=2029
        )

    def secretaries(self):
        a, b = Client(), Client()
        a.force_login(self.regency)
        b.force_login(self.regency)
        return a, b

    def race(self, url, first, second, read):
        """A saves `first`, then B (opened before) saves `second`; `read()` gives the stored
        values of both fields, as {field: value}."""
        a, b = self.secretaries()
        page_a, page_b = form_values(a.get(url)), form_values(b.get(url))
        saved = a.post(url, {**page_a, **first})
        self.assertEqual(saved.status_code, 302, errors_of(saved))
        refused = b.post(url, {**page_b, **second})
        self.assertContains(refused, STALE)
        self.assertEqual(read(), {**self.original, **first}, "B's stale save changed nothing")
        # The form came back with A's change and B's own: saving it again keeps both.
        again = form_values(refused)
        self.assertEqual({k: again[k] for k in second}, second)
        self.assertEqual(b.post(url, again).status_code, 302)
        self.assertEqual(read(), {**first, **second})

    def test_action_item(self):
        url = f"/en/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        self.original = {"title": self.item.title, "description": self.item.description}

        def read():
            item = ActionItem.objects.get(pk=self.item.pk)
            return {"title": item.title, "description": item.description}

        self.race(url, {"title": "Verifikasi ODF 5 desa"}, {"description": "Bersama Dinkes."}, read)

    def test_working_group_profile(self):
        self.original = {"phone": self.bandung_group.phone, "email": self.bandung_group.email}

        def read():
            group = WorkingGroup.objects.get(pk=self.bandung_group.pk)
            return {"phone": group.phone, "email": group.email}

        self.race(
            "/en/pokja/32.04/ubah/",
            {"phone": "022-5891234"},
            {"email": "pokja.ampl@bandungkab.go.id"},
            read,
        )

    def test_person(self):
        person = self.membership.person
        self.original = {"full_name": person.full_name, "phone": person.phone}

        def read():
            person.refresh_from_db()
            return {"full_name": person.full_name, "phone": person.phone}

        self.race(
            f"/en/pokja/32.04/orang/{person.pk}/ubah/",
            {"full_name": "Dadang Suherman, S.T."},
            {"phone": "081234567890"},
            read,
        )

    def test_membership(self):
        self.original = {"m-duties": self.membership.duties, "m-is_knowledge_holder": None}

        def read():
            membership = Membership.objects.get(pk=self.membership.pk)
            return {
                "m-duties": membership.duties,
                "m-is_knowledge_holder": "on" if membership.is_knowledge_holder else None,
            }

        self.race(
            f"/en/pokja/32.04/anggota/{self.membership.pk}/ubah/",
            {"m-duties": "Menyusun laporan pemantauan."},
            {"m-is_knowledge_holder": "on"},
            read,
        )

    def test_decree(self):
        self.original = {"title": self.decree.title, "signatory": self.decree.signatory}

        def read():
            decree = Decree.objects.get(pk=self.decree.pk)
            return {"title": decree.title, "signatory": decree.signatory}

        self.race(
            f"/en/pokja/32.04/sk/{self.decree.pk}/ubah/",
            {"title": "Pembentukan Pokja AMPL Kabupaten Bandung 2026"},
            {"signatory": "Bupati Bandung, H. Dadang Supriatna"},
            read,
        )

    def test_strategic_plan(self):
        plan = self.strategic_plan
        self.original = {"vision": plan.vision, "mission": plan.mission}

        def read():
            plan.refresh_from_db()
            return {"vision": plan.vision, "mission": plan.mission}

        self.race(
            f"/en/pokja/32.04/renstra/rencana/{plan.pk}/ubah/",
            {"vision": "Air minum dan sanitasi aman untuk semua."},
            {"mission": "Menguatkan kelembagaan."},
            read,
        )

    def test_work_plan_activity(self):
        activity = self.spam
        self.original = {"name": activity.name, "output": activity.output}

        def read():
            activity.refresh_from_db()
            return {"name": activity.name, "output": activity.output}

        self.race(
            f"/en/pokja/32.04/rkt/2025/kegiatan/{activity.number}/ubah/",
            {"name": "Pembangunan SPAM perdesaan Cinunuk tahap II"},
            {"output": "1 unit SPAM"},
            read,
        )

    def test_both_changed_the_same_field_keeps_mine_and_names_theirs(self):
        url = f"/en/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        a, b = self.secretaries()
        page_a, page_b = form_values(a.get(url)), form_values(b.get(url))
        a.post(url, {**page_a, "title": "Judul dari A"})
        refused = b.post(url, {**page_b, "title": "Judul dari B"})
        self.assertContains(refused, "Judul dari A")  # their value, in the message
        self.assertEqual(form_values(refused)["title"], "Judul dari B")  # mine, in the form
        self.assertEqual(ActionItem.objects.get(pk=self.item.pk).title, "Judul dari A")

    def test_an_unchanged_record_saves_without_a_message(self):
        url = f"/en/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        a, _b = self.secretaries()
        response = a.post(url, {**form_values(a.get(url)), "title": "Judul baru"})
        self.assertEqual(response.status_code, 302)

    def test_a_garbled_fingerprint_is_a_message_not_an_error(self):
        url = f"/en/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        a, _b = self.secretaries()
        response = a.post(url, {**form_values(a.get(url)), "_seen": "garbled"})
        self.assertContains(response, STALE)
