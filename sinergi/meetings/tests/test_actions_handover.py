"""Action items follow a handover: the leaving member's open items pass to the successor, and
the handover pack lists them."""

import datetime
from unittest import mock

from django.utils import timezone

from sinergi.meetings.handover import action_items_section, transfer_action_items
from sinergi.meetings.models import ActionItem
from sinergi.meetings.tests.base import MeetingTestCase, make_item
from sinergi.pokja.models import Handover, Membership
from sinergi.portal import handover_pack


class HandoverTestCase(MeetingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaving = Membership.objects.get(person=cls.siti, working_group=cls.bandung_group)
        leaving.ended_on = timezone.localdate()
        leaving.end_reason = Membership.EndReason.TRANSFER
        leaving.save()
        cls.handover = Handover.objects.create(leaving=leaving)
        cls.overdue = make_item(cls.bandung_group, "Laporan STBM", cls.siti, due_days=-2)
        cls.done = make_item(cls.bandung_group, "Sudah selesai", cls.siti, due_days=-9)
        cls.done.status, cls.done.closed_on = ActionItem.Status.DONE, timezone.localdate()
        cls.done.save()
        # The same person owns an item in another group: it stays where it is.
        cls.elsewhere = make_item(cls.kupang_group, "Di Kupang", cls.siti)

    def name_successor(self):
        successor = Membership.objects.create(
            person=self.dadang,
            working_group=self.bandung_group,
            position="anggota",
            started_on=timezone.localdate() + datetime.timedelta(days=1),
        )
        self.handover.successor = successor
        self.handover.save()
        return successor

    def test_open_items_pass_to_the_successor_in_one_update(self):
        self.name_successor()
        with (
            mock.patch("sinergi.meetings.reminders.announce_action") as announce,
            self.captureOnCommitCallbacks(execute=True),
            self.assertNumQueries(2),  # the ids, then one UPDATE
        ):
            count = transfer_action_items(self.handover, self.dadang)
        self.assertEqual(count, 2)
        self.assertEqual(announce.call_count, 2)
        owners = dict(ActionItem.objects.values_list("title", "owner_person__full_name"))
        self.assertEqual(owners["Jadwalkan verifikasi ODF"], "Dadang Suherman")
        self.assertEqual(owners["Laporan STBM"], "Dadang Suherman")
        self.assertEqual(owners["Sudah selesai"], "Siti Rahmawati")
        self.assertEqual(owners["Di Kupang"], "Siti Rahmawati")

    def test_nothing_to_pass_is_a_no_op(self):
        ActionItem.objects.filter(owner_person=self.siti).update(owner_person=self.asep)
        with (
            mock.patch("sinergi.meetings.reminders.announce_action") as announce,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.assertEqual(transfer_action_items(self.handover, self.dadang), 0)
        announce.assert_not_called()

    def pack(self):
        handover = handover_pack.pack_handovers().get(pk=self.handover.pk)
        return handover_pack.Pack(
            handover=handover,
            group=handover.leaving.working_group,
            today=timezone.localdate(),
        )

    def section_text(self) -> str:
        flowables = action_items_section(self.pack())
        texts = []
        for flowable in flowables:
            if hasattr(flowable, "text"):
                texts.append(flowable.text)
            for row in getattr(flowable, "_cellvalues", []):
                texts += [cell.text for cell in row]
        return "\n".join(texts)

    def test_pack_section_lists_the_open_items_before_and_after_the_transfer(self):
        text = self.section_text()
        self.assertIn("Jadwalkan verifikasi ODF", text)
        self.assertIn("Rapat koordinasi triwulan I", text)
        self.assertIn("Laporan STBM", text)
        self.assertIn("TERLAMBAT", text)
        self.assertNotIn("Sudah selesai", text)
        self.assertNotIn("Di Kupang", text)
        self.name_successor()
        transfer_action_items(self.handover, self.dadang)
        text = self.section_text()
        self.assertIn("Laporan STBM", text)
        self.assertIn("Dadang Suherman", text)

    def test_pack_section_queries(self):
        pack = self.pack()
        with self.assertNumQueries(1):
            action_items_section(pack)

    def test_pack_section_says_when_there_is_nothing(self):
        ActionItem.objects.filter(owner_person=self.siti).delete()
        self.assertIn("Tidak ada tindak lanjut yang terbuka.", self.section_text())

    def test_the_pack_builds_with_the_section(self):
        sections = [*handover_pack.SECTIONS, action_items_section]
        with mock.patch.object(handover_pack, "SECTIONS", sections):
            handover = handover_pack.pack_handovers().get(pk=self.handover.pk)
            pdf = handover_pack.build_handover_pack(handover)
        self.assertTrue(pdf.startswith(b"%PDF-"))
