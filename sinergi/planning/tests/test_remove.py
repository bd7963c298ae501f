"""Removing a work-plan activity, a work plan or a draft strategic plan entered by mistake
(issue 15, item 6)."""

from django.core.files.base import ContentFile

from sinergi.accounts.models import User
from sinergi.meetings.models import ActionItem
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    QuarterReport,
    StrategicPlan,
    WorkPlan,
)
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class RemoveActivityTest(RemovalMixin, WorkPlanTestCase):
    def test_the_confirmation_says_what_goes_with_it(self):
        self.report(self.stbm, 1, "20", dana_desa="5000000")
        response = self.confirmation("workplans:remove_activity", 2025, self.stbm.number)
        self.assertContains(response, "This activity will be removed")
        self.assertContains(response, "2 budget lines")
        self.assertContains(response, "1 quarterly realisation")

    def test_it_removes_a_duplicate_with_its_budget(self):
        pk = self.stbm.pk
        response = self.remove("workplans:remove_activity", 2025, self.stbm.number)
        self.assertRedirects(response, "/en/pokja/32.04/rkt/2025/", fetch_redirect_response=False)
        self.assertFalse(Activity.objects.filter(pk=pk).exists())
        self.assertFalse(BudgetLine.objects.filter(activity=pk).exists())
        self.assertTrue(Activity.objects.filter(pk=self.spam.pk).exists())
        removal = Removal.objects.get()
        self.assertEqual(removal.model, "planning.Activity")
        self.assertEqual(removal.label, "2. Pemicuan STBM di 12 desa")
        self.assertEqual(removal.reason, "Tercatat dua kali")
        self.assertEqual(removal.removed_with, "2 budget lines")
        self.assertEqual(removal.snapshot["name"], "Pemicuan STBM di 12 desa")
        response = self.client.get("/en/pokja/32.04/ruang-kerja/")
        self.assertContains(response, "removed the activity “2. Pemicuan STBM di 12 desa”")

    def test_an_action_item_stays_without_its_link(self):
        item = ActionItem.objects.create(
            working_group=self.bandung_group,
            title="Siapkan data desa",
            due_on="2025-06-30",
            owner_institution=self.health,
            activity=self.stbm,
        )
        response = self.confirmation("workplans:remove_activity", 2025, self.stbm.number)
        self.assertContains(response, "These stay, without their link to it")
        self.remove("workplans:remove_activity", 2025, self.stbm.number)
        item.refresh_from_db()
        self.assertIsNone(item.activity)

    def test_the_plan_page_links_each_removal(self):
        self.client.force_login(self.regency)
        response = self.client.get("/en/pokja/32.04/rkt/2025/")
        self.assertContains(response, 'href="/en/pokja/32.04/rkt/2025/kegiatan/2/hapus/"')
        self.assertContains(response, 'href="/en/pokja/32.04/rkt/2025/hapus/"')

    def test_readers_cannot_remove(self):
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            response = self.remove("workplans:remove_activity", 2025, 2, user=user)
            self.assertEqual(response.status_code, status)
        self.assertTrue(Activity.objects.filter(pk=self.stbm.pk).exists())

    def test_a_post_without_a_reason_changes_nothing(self):
        response = self.remove("workplans:remove_activity", 2025, 2, reason="")
        self.assertContains(response, "This field is required.")
        self.assertTrue(Activity.objects.filter(pk=self.stbm.pk).exists())
        self.assertFalse(Removal.objects.exists())


class RemoveWorkPlanTest(RemovalMixin, WorkPlanTestCase):
    def test_it_removes_a_plan_nothing_was_reported_against(self):
        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2052)
        self.activity("Sosialisasi", "higiene_stbm", {"apbd_kabkota": "1000"}, plan=plan)
        response = self.remove("workplans:remove", 2052, reason="Tahun salah ketik")
        self.assertRedirects(response, "/en/pokja/32.04/rkt/", fetch_redirect_response=False)
        self.assertFalse(WorkPlan.objects.filter(year=2052).exists())
        removal = Removal.objects.get()
        self.assertEqual((removal.label, removal.reason), ("Work plan 2052", "Tahun salah ketik"))
        self.assertEqual(removal.removed_with, "1 activity, 1 budget line")

    def test_it_refuses_a_plan_with_realisation(self):
        self.report(self.stbm, 1, "20")
        response = self.remove("workplans:remove", 2025)
        self.assertContains(response, "Realisation has been reported for its activities")
        self.assertNotContains(response, 'name="reason"')
        self.assertTrue(WorkPlan.objects.filter(pk=self.plan.pk).exists())
        self.assertEqual(QuarterReport.objects.count(), 1)
        self.assertFalse(Removal.objects.exists())


class RemoveStrategicPlanTest(RemovalMixin, WorkPlanTestCase):
    def plan_of(self, status):
        return StrategicPlan.objects.create(
            working_group=self.bandung_group,
            title="Renstra AMPL 2026–2030",
            start_year=2026,
            end_year=2030,
            status=status,
            adopted_on="2026-02-01" if status == "ditetapkan" else None,
            adopting_file=ContentFile(PDF, name="penetapan.pdf"),
        )

    def test_it_removes_a_draft_and_its_file_after_commit(self):
        plan = self.plan_of("draf")
        storage, name = plan.adopting_file.storage, plan.adopting_file.name
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.remove("planning:remove_plan", plan.pk, reason="Dibuat dua kali")
            # Deleted only once the removal commits.
            self.assertTrue(storage.exists(name))
        for callback in callbacks:
            callback()
        self.assertFalse(storage.exists(name))
        self.assertFalse(StrategicPlan.objects.filter(pk=plan.pk).exists())
        self.assertEqual(Removal.objects.get().model, "planning.StrategicPlan")

    def test_it_refuses_an_adopted_plan(self):
        plan = self.plan_of("ditetapkan")
        response = self.remove("planning:remove_plan", plan.pk)
        self.assertContains(response, "An adopted strategic plan is part of the record")
        self.assertTrue(StrategicPlan.objects.filter(pk=plan.pk).exists())
        self.assertTrue(plan.adopting_file.storage.exists(plan.adopting_file.name))


class DemoRemovalTest(RemovalMixin, BaseTestCase):
    def test_the_demo_history_shows_a_duplicated_activity_removed(self):
        from sinergi.planning import demo_work

        secretary = User.objects.create_user("kabbandung@demo.sinergi.test", "password")
        demo_work.load_demo()
        removal = Removal.objects.get(working_group=self.bandung_group)
        self.assertEqual(removal.reason, "Tercatat dua kali")
        self.assertEqual(removal.removed_by, secretary)
        self.assertEqual(removal.model, "planning.Activity")
        plan = WorkPlan.objects.get(working_group=self.bandung_group)
        self.assertEqual(plan.activities.count(), len(demo_work.ACTIVITIES))
        self.client.force_login(self.regency)
        response = self.client.get("/en/pokja/32.04/ruang-kerja/")
        self.assertContains(response, "Reason: Tercatat dua kali")
