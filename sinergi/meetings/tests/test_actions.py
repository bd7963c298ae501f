import datetime
from unittest import mock

from django.utils import timezone

from sinergi.meetings.models import ActionItem
from sinergi.meetings.tests.base import MeetingTestCase, make_item
from sinergi.monitoring.models import Indicator
from sinergi.planning.models import Activity, WorkPlan
from sinergi.programmes.models import Programme

TODAY = timezone.localdate


def due(days) -> str:
    return (TODAY() + datetime.timedelta(days=days)).isoformat()


class AccessTestCase(MeetingTestCase):
    def reads(self):
        return ["/pokja/32.04/tindak-lanjut/", f"/pokja/32.04/tindak-lanjut/{self.item.pk}/"]

    def writes(self):
        return [
            "/pokja/32.04/tindak-lanjut/baru/",
            f"/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/",
        ]

    def test_access_matrix_on_every_page(self):
        for url in self.reads() + self.writes():
            writes = url in self.writes()
            for user, status in [
                (self.regency, 200),
                (self.member, 403 if writes else 200),
                (self.provincial, 403 if writes else 200),
                (self.national, 403 if writes else 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/akun/masuk/", response["Location"])

    def test_close_matrix(self):
        """The owner (a mere member) and the secretariat may close; other readers may not."""
        url = f"/pokja/32.04/tindak-lanjut/{self.item.pk}/tutup/"
        dadang_item = make_item(self.bandung_group, "Milik Dadang", self.dadang)
        other = f"/pokja/32.04/tindak-lanjut/{dadang_item.pk}/tutup/"
        for target, user, status in [
            (url, self.member, 200),
            (url, self.regency, 200),
            (url, self.provincial, 403),
            (url, self.outsider, 404),
            (other, self.member, 403),
            (other, self.regency, 200),
        ]:
            with self.subTest(url=target, user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(target).status_code, status)

    def test_outsider_cannot_read_or_write_another_regions_items(self):
        self.client.force_login(self.outsider)
        pk = self.item.pk
        for method, url, data in [
            ("get", "/pokja/32.04/tindak-lanjut/", {}),
            ("get", f"/pokja/32.04/tindak-lanjut/{pk}/", {}),
            ("post", f"/pokja/32.04/tindak-lanjut/{pk}/tutup/", {"status": "selesai"}),
            ("post", f"/pokja/32.04/tindak-lanjut/{pk}/ubah/", {"title": "x"}),
            ("post", "/pokja/32.04/tindak-lanjut/baru/", {"title": "x"}),
        ]:
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url, data).status_code, 404)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ActionItem.Status.OPEN)
        self.assertEqual(ActionItem.objects.filter(working_group=self.bandung_group).count(), 1)
        # Nor through its own group: another group's item is not found there.
        url = f"/pokja/53.01/tindak-lanjut/{self.item.pk}/"
        self.client.force_login(self.national)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_member_cannot_create_or_edit(self):
        self.client.force_login(self.member)
        data = {"title": "Coba", "owner_person": self.siti.pk, "due_on": due(3)}
        self.assertEqual(
            self.client.post("/pokja/32.04/tindak-lanjut/baru/", data).status_code, 403
        )
        url = f"/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertFalse(ActionItem.objects.filter(title="Coba").exists())


class CreateTestCase(MeetingTestCase):
    URL = "/pokja/32.04/tindak-lanjut/baru/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = WorkPlan.objects.create(working_group=cls.bandung_group, year=2026)
        cls.activity = Activity.objects.create(
            work_plan=cls.plan,
            number=1,
            name="Verifikasi ODF",
            sector="higiene_stbm",
            location=cls.kab_bandung,
        )
        kupang_plan = WorkPlan.objects.create(working_group=cls.kupang_group, year=2026)
        cls.kupang_activity = Activity.objects.create(
            work_plan=kupang_plan, number=1, name="X", sector="sanitasi", location=cls.kab_kupang
        )
        cls.programme = Programme.objects.create(
            name="SANIMAS Cinunuk",
            kind=Programme.Kind.NATIONAL,
            sector="sanitasi",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            registered_by=cls.bandung_group,
            status=Programme.Status.RUNNING,
        )
        cls.indicator = Indicator.objects.create(
            code="stbm-odf",
            name_id="Desa ODF",
            name_en="ODF villages",
            unit="persen",
            sector="higiene_stbm",
            aggregation="rasio",
            denominator_label="desa",
        )

    def data(self, **changes):
        data = {
            "title": "Susun jadwal verifikasi ODF",
            "description": "Bersama puskesmas.",
            "owner_person": self.siti.pk,
            "owner_institution": "",
            "due_on": due(14),
            "decision": self.decision.pk,
            "activity": self.activity.pk,
            "programme": self.programme.pk,
            "indicator": self.indicator.pk,
        }
        data.update(changes)
        return data

    def test_prefilled_from_a_decision(self):
        self.client.force_login(self.regency)
        response = self.client.get(f"{self.URL}?keputusan={self.decision.pk}")
        form = response.context["form"]
        self.assertEqual(form["decision"].value(), self.decision.pk)
        self.assertEqual(form["title"].value(), "Verifikasi desa ODF di Cileunyi.")
        for junk in ["abc", "999999", ""]:
            with self.subTest(junk=junk):
                self.assertEqual(self.client.get(f"{self.URL}?keputusan={junk}").status_code, 200)

    def test_secretariat_creates_an_item_linked_to_what_it_moves(self):
        self.client.force_login(self.regency)
        with (
            mock.patch("sinergi.meetings.reminders.announce_action") as announce,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(self.URL, self.data())
        item = ActionItem.objects.get(title="Susun jadwal verifikasi ODF")
        self.assertRedirects(response, f"/pokja/32.04/tindak-lanjut/{item.pk}/")
        announce.assert_called_once_with(item)
        self.assertEqual(item.created_by, self.regency)
        self.assertEqual(
            (item.activity, item.programme, item.indicator),
            (self.activity, self.programme, self.indicator),
        )
        response = self.client.get(f"/pokja/32.04/tindak-lanjut/{item.pk}/")
        # Traced from the decision to its effect, with links to each page.
        self.assertContains(response, f"/pokja/32.04/rapat/{self.meeting.pk}/#keputusan-1")
        self.assertContains(response, "/pokja/32.04/rkt/2026/")
        self.assertContains(response, f"/program/{self.programme.pk}/")
        self.assertContains(response, "/pemantauan/32.04/?indikator=stbm-odf")

    def test_an_institution_may_own_an_item(self):
        self.client.force_login(self.regency)
        data = self.data(owner_person="", owner_institution=self.bappeda.pk, decision="")
        self.client.post(self.URL, data)
        item = ActionItem.objects.get(title="Susun jadwal verifikasi ODF")
        self.assertEqual(item.owner_name, "Bappeda Kabupaten Bandung")

    def test_bad_input_is_refused_and_nothing_written(self):
        self.client.force_login(self.regency)
        cases = [
            ({"owner_person": ""}, "Sebutkan anggota atau lembaga penanggung jawab"),
            ({"due_on": ""}, "Bidang ini harus diisi"),
            ({"due_on": "besok"}, None),
            ({"owner_person": self.yakobus.pk}, None),
            ({"activity": self.kupang_activity.pk}, None),
            ({"decision": "abc"}, None),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.URL, self.data(**changes))
                self.assertEqual(response.status_code, 200)
                if message:
                    self.assertContains(response, message)
        self.assertFalse(ActionItem.objects.filter(title="Susun jadwal verifikasi ODF").exists())

    def test_changing_the_owner_announces_the_item(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/tindak-lanjut/{self.item.pk}/ubah/"
        data = self.data(title=self.item.title, owner_person=self.dadang.pk)
        with mock.patch("sinergi.meetings.reminders.announce_action") as announce:
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(url, data)
            announce.assert_called_once()
            announce.reset_mock()
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(url, {**data, "description": "Lain"})
            announce.assert_not_called()
        self.item.refresh_from_db()
        self.assertEqual(self.item.owner_person, self.dadang)


class CloseTestCase(MeetingTestCase):
    def url(self, item=None):
        return f"/pokja/32.04/tindak-lanjut/{(item or self.item).pk}/tutup/"

    def test_member_closes_their_own_item(self):
        self.client.force_login(self.member)
        response = self.client.post(
            self.url(), {"status": "selesai", "closing_note": "Jadwal terbit."}
        )
        self.assertRedirects(response, f"/pokja/32.04/tindak-lanjut/{self.item.pk}/")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ActionItem.Status.DONE)
        self.assertEqual(self.item.closed_on, TODAY())
        self.assertEqual(self.item.closing_note, "Jadwal terbit.")
        self.assertTrue(self.item.closed_on_time)

    def test_member_cannot_close_someone_elses_item(self):
        other = make_item(self.bandung_group, "Milik Dadang", self.dadang)
        self.client.force_login(self.member)
        response = self.client.post(self.url(other), {"status": "selesai"})
        self.assertEqual(response.status_code, 403)
        other.refresh_from_db()
        self.assertEqual(other.status, ActionItem.Status.OPEN)

    def test_dropping_needs_a_note(self):
        self.client.force_login(self.member)
        response = self.client.post(self.url(), {"status": "dibatalkan", "closing_note": "  "})
        self.assertContains(response, "Jelaskan mengapa tindak lanjut ini dibatalkan.")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ActionItem.Status.OPEN)
        response = self.client.post(self.url(), {"status": "terbuka"})
        self.assertEqual(response.status_code, 200)
        response = self.client.post(
            self.url(), {"status": "dibatalkan", "closing_note": "Digabung."}
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ActionItem.Status.DROPPED)

    def test_a_closed_item_is_not_closed_again(self):
        self.item.status, self.item.closed_on = ActionItem.Status.DONE, TODAY()
        self.item.save()
        self.client.force_login(self.member)
        response = self.client.post(self.url(), {"status": "dibatalkan", "closing_note": "x"})
        self.assertRedirects(response, f"/pokja/32.04/tindak-lanjut/{self.item.pk}/")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ActionItem.Status.DONE)

    def test_closing_from_my_list_returns_there(self):
        self.client.force_login(self.member)
        response = self.client.post(self.url(), {"status": "selesai", "next": "saya"})
        self.assertRedirects(response, "/tindak-lanjut-saya/")


class ListsTestCase(MeetingTestCase):
    def test_my_list_shows_own_items_overdue_first_and_highlighted(self):
        make_item(self.bandung_group, "Terlambat", self.siti, due_days=-3)
        make_item(self.bandung_group, "Milik Dadang", self.dadang)
        done = make_item(self.bandung_group, "Sudah", self.siti, due_days=-10)
        done.status, done.closed_on = ActionItem.Status.DONE, TODAY()
        done.save()
        self.client.force_login(self.member)
        response = self.client.get("/tindak-lanjut-saya/")
        titles = [item.title for item in response.context["page"]]
        self.assertEqual(titles, ["Terlambat", "Jadwalkan verifikasi ODF", "Sudah"])
        self.assertContains(response, 'class="overdue"', count=1)
        self.assertContains(response, "Terlambat</strong>")

    def test_my_list_leaves_out_groups_outside_scope(self):
        make_item(self.kupang_group, "Di Kupang", self.siti)
        self.client.force_login(self.member)
        response = self.client.get("/tindak-lanjut-saya/")
        self.assertNotIn("Di Kupang", [item.title for item in response.context["page"]])

    def test_group_list_filters(self):
        make_item(self.bandung_group, "Terlambat", self.dadang, due_days=-3)
        institution_item = make_item(
            self.bandung_group, "Lembaga", None, owner_institution=self.bappeda
        )
        self.client.force_login(self.member)
        url = "/pokja/32.04/tindak-lanjut/"
        for query, expected in [
            ("", {"Terlambat", "Jadwalkan verifikasi ODF", "Lembaga"}),
            ("?overdue=on", {"Terlambat"}),
            (f"?owner=p{self.siti.pk}", {"Jadwalkan verifikasi ODF"}),
            (f"?owner=i{self.bappeda.pk}", {"Lembaga"}),
            ("?status=selesai", set()),
            ("?status=pesta&owner=zzz", {"Terlambat", "Jadwalkan verifikasi ODF", "Lembaga"}),
        ]:
            with self.subTest(query=query):
                response = self.client.get(url + query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual({i.title for i in response.context["page"]}, expected)
        self.assertEqual(response.context["counts"]["overdue"], 1)
        self.assertTrue(institution_item.pk)

    def test_group_list_queries_do_not_grow(self):
        self.client.force_login(self.member)
        url = "/pokja/32.04/tindak-lanjut/"
        self.client.get(url)
        with self.assertNumQueries(10) as first:
            self.client.get(url)
        for i in range(6):
            make_item(
                self.bandung_group, f"T{i}", self.dadang, due_days=i - 3, decision=self.decision
            )
            make_item(self.bandung_group, f"L{i}", None, owner_institution=self.bappeda)
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_my_list_queries_do_not_grow(self):
        self.client.force_login(self.member)
        url = "/tindak-lanjut-saya/"
        self.client.get(url)
        with self.assertNumQueries(6) as first:
            self.client.get(url)
        for i in range(6):
            make_item(
                self.bandung_group, f"T{i}", self.siti, due_days=i - 3, decision=self.decision
            )
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertEqual(self.client.get(url).status_code, 200)
