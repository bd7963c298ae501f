"""`after_response`: work queued during a request runs once its response has been sent."""

from unittest import mock

from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase

from sinergi.lib import deferred
from sinergi.lib.deferred import AfterResponseMiddleware, after_response


def close(response):
    """Close `response` as the WSGI server does (without touching the database, as Django's
    test client does too)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


class AfterResponseTestCase(SimpleTestCase):
    def test_outside_a_request_the_work_runs_at_once(self):
        done = []
        after_response(done.append, 1)
        self.assertEqual(done, [1])

    def test_queued_work_runs_when_the_response_is_closed_and_failures_are_logged(self):
        done = []

        def fail():
            raise RuntimeError("mail server down")

        def view(request):
            after_response(fail)
            after_response(done.append, "second")
            done.append("view")
            return HttpResponse("ok")

        response = AfterResponseMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(done, ["view"])
        with mock.patch.object(deferred.logger, "exception") as log:
            close(response)
        self.assertEqual(done, ["view", "second"])
        log.assert_called_once()
        close(response)  # closing twice runs nothing twice
        self.assertEqual(done, ["view", "second"])
        after_response(done.append, "later")  # the request's queue is gone
        self.assertEqual(done[-1], "later")
