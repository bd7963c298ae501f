"""Naming a successor runs what the apps above pokja registered in pokja/handover.py (issue 14,
item 6): the meetings' open action items follow the position, in the same transaction."""

import datetime
from unittest import mock

from django.utils import timezone

from sinergi.meetings.handover import transfer_action_items
from sinergi.meetings.models import ActionItem
from sinergi.pokja import actions, handover
from sinergi.pokja.models import Handover, Membership
from sinergi.test import BaseTestCase, add_member


class SuccessorHooksTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaving = add_member(cls.bandung_group, "Siti Rahmawati")
        leaving.ended_on = timezone.localdate()
        leaving.end_reason = Membership.EndReason.TRANSFER
        leaving.save()
        cls.handover = Handover.objects.create(leaving=leaving)
        cls.successor = add_member(cls.bandung_group, "Dadang Suherman").person
        cls.item = ActionItem.objects.create(
            working_group=cls.bandung_group,
            title="Laporan STBM",
            owner_person=leaving.person,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        )

    def name_successor(self):
        data = {"person": self.successor, "started_on": timezone.localdate()}
        return actions.do_name_successor(self.handover, data)

    def test_meetings_registers_the_transfer_once(self):
        self.assertEqual(handover.on_successor_named.count(transfer_action_items), 1)

    def test_the_open_action_items_follow_the_position(self):
        self.name_successor()
        self.item.refresh_from_db()
        self.assertEqual(self.item.owner_person, self.successor)

    def test_a_failing_receiver_undoes_the_whole_handover(self):
        def fail(_handover, _person):
            raise RuntimeError("boom")

        receivers = [transfer_action_items, fail]
        with (
            mock.patch.object(handover, "on_successor_named", receivers),
            self.assertRaises(RuntimeError),
        ):
            self.name_successor()
        self.handover.refresh_from_db()
        self.item.refresh_from_db()
        self.assertIsNone(self.handover.successor)
        self.assertFalse(
            Membership.objects.filter(
                person=self.successor, started_on=timezone.localdate()
            ).exists()
        )
        self.assertNotEqual(self.item.owner_person, self.successor)
