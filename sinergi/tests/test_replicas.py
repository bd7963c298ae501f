"""The read-replica router (issue 19, item 6): reads of a GET go to the replica, writes and the
reads after them to the primary, and a client that has just written reads from the primary."""

from unittest import mock

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

from sinergi.lib.replicas import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter
from sinergi.pokja.models import WorkingGroup

REPLICA_DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


@override_settings(REPLICA_PIN_SECONDS=10)
class ReplicaRouterTestCase(SimpleTestCase):
    router = ReplicaRouter()

    def serve(self, request, write=False):
        seen = []

        def view(request):
            seen.append(self.router.db_for_read(WorkingGroup))
            if write:
                self.router.db_for_write(WorkingGroup)
                seen.append(self.router.db_for_read(WorkingGroup))
            return HttpResponse()

        with mock.patch.dict(settings.DATABASES, REPLICA_DATABASES):
            response = ReplicaMiddleware(view)(request)
        return seen, response

    def test_a_visitor_reading_a_page_reads_the_replica(self):
        seen, response = self.serve(RequestFactory().get("/pokja/"))
        self.assertEqual(seen, ["replica"])
        self.assertNotIn(PIN_COOKIE, response.cookies)

    def test_a_form_sent_writes_and_reads_the_primary_and_pins_the_client(self):
        seen, response = self.serve(RequestFactory().post("/pokja/32.04/rapat/baru/"))
        self.assertEqual(seen, ["default"])
        self.assertEqual(response.cookies[PIN_COOKIE]["max-age"], 10)

    def test_the_page_after_a_save_reads_the_primary(self):
        request = RequestFactory().get("/pokja/32.04/rapat/")
        request.COOKIES[PIN_COOKIE] = "1"
        self.assertEqual(self.serve(request)[0], ["default"])

    def test_a_get_that_writes_reads_its_own_write(self):
        seen, _ = self.serve(RequestFactory().get("/notifikasi/"), write=True)
        self.assertEqual(seen, ["replica", "default"])

    def test_outside_a_request_and_without_a_replica_everything_is_the_primary(self):
        self.assertEqual(self.router.db_for_read(WorkingGroup), "default")
        seen = []

        def view(request):
            seen.append(self.router.db_for_read(WorkingGroup))
            return HttpResponse()

        ReplicaMiddleware(view)(RequestFactory().get("/pokja/"))  # no "replica" database
        self.assertEqual(seen, ["default"])
        self.assertFalse(self.router.allow_migrate("replica", "pokja"))
        self.assertTrue(self.router.allow_migrate("default", "pokja"))
