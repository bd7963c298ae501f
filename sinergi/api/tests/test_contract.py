"""The API keeps the contract of its own OpenAPI schema.

Schemathesis reads `/api/schema/` from the app's WSGI application and, for every operation,
generates a few requests from the schema, anonymous and with the token of Kabupaten Bandung's
secretariat, against the permission matrix's world (objects in and outside the token's scope, so
lists are not empty). Writes run too. Every answer must be no 5xx, a status the operation
documents, with the documented content type and a body that validates against the documented
schema. Each request runs in a savepoint that is rolled back, so what one example writes never
reaches the next, and the throttles' counts are cleared between requests.
"""

import os

import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sinergi.accounts.models import ApiToken
from sinergi.test import BaseTestCase
from sinergi.tests.permission_matrix.fixtures import build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Requests per operation and client; more for a deeper look:
# SINERGI_CONTRACT_EXAMPLES=100 make test PYTEST_ARGS="-k contract"
EXAMPLES = int(os.environ.get("SINERGI_CONTRACT_EXAMPLES", "10"))


class ContractTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_world(cls)
        cls.key = ApiToken.objects.issue(cls.regency, "Kontrak")[1]

    def setUp(self):
        # As Django's test client does: the requests come through the WSGI handler, whose
        # signals would otherwise close the test's connection (and its transaction) after each.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def schema(self):
        return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

    def test_the_directory_answers_as_documented(self):
        # Kota Bandung and Kota Kupang have no working group: their rows hold nulls.
        case = self.schema()["/api/directory/"]["GET"].Case()
        response = case.call()
        rows = response.json()
        self.assertIn(None, [row["working_group"] for row in rows])
        case.validate_response(response, checks=CHECKS)

    def test_every_operation_keeps_the_contract(self):
        schema = self.schema()
        failures = []
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreater(len(operations), 50)
        for operation in operations:
            for headers in ({}, {"Authorization": f"Token {self.key}"}):
                failures += self.exercise(operation, headers)
        self.assertEqual(failures, [], "\n\n".join(failures))

    def exercise(self, operation, headers):
        failures = []

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            cache.clear()  # no throttling between examples
            with transaction.atomic():
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except (AssertionError, FailureGroup) as error:
                    label = "token" if headers else "anonymous"
                    failures.append(f"{operation.label} ({label}): {error}")
                transaction.set_rollback(True)

        run()
        return failures
