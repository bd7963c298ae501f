import tempfile
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from drf_spectacular.generators import SchemaGenerator

from sinergi.api.schema_view import SchemaView


class SchemaTestCase(TestCase):
    def test_the_openapi_schema_lists_the_resources(self):
        r = self.client.get("/api/schema/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        paths = r.json()["paths"]
        self.assertIn("/api/regions/", paths)
        self.assertIn("/api/working-groups/{code}/", paths)

    def test_the_explorer_uses_local_assets_only(self):
        r = self.client.get("/api/docs/explorer/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", html)
        self.assertNotIn("cdn.", html)
        self.assertNotIn("https://", html)

    def test_the_api_root_is_open(self):
        r = self.client.get("/api/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("regions", r.json())


class SchemaContentTestCase(TestCase):
    """The schema documents every error an operation can answer, without a generator warning
    (issue 17, item 1)."""

    def setUp(self):
        SchemaView.forget()

    def schema(self):
        return self.client.get("/api/schema/", headers={"Accept": "application/json"}).json()

    def test_the_generator_warns_of_nothing(self):
        # --fail-on-warn turns any warning or error of drf-spectacular into an exception.
        with tempfile.NamedTemporaryFile(suffix=".yaml") as file:
            call_command(
                "spectacular",
                "--validate",
                "--fail-on-warn",
                "--file",
                file.name,
                stderr=StringIO(),
            )

    def test_every_operation_documents_its_errors(self):
        schema = self.schema()
        operations = [
            (method, path, operation)
            for path, item in schema["paths"].items()
            for method, operation in item.items()
            if method in ("get", "post", "put", "patch", "delete")
        ]
        self.assertGreater(len(operations), 60)
        refs = set()
        for method, path, operation in operations:
            with self.subTest(operation=f"{method} {path}"):
                statuses = set(operation["responses"])
                self.assertLessEqual({"400", "401", "429", "503"}, statuses)
                if method != "get":
                    self.assertLessEqual({"403", "404", "409"}, statuses)
                if "{" in path:
                    self.assertIn("404", statuses)
                error = operation["responses"]["401"]["content"]["application/json"]["schema"]
                refs.add(error["$ref"])
        self.assertIn("#/components/schemas/ApiError", refs)
        for ref in refs:  # every error body has a `detail`
            self.assertIn("detail", schema["components"]["schemas"][ref.split("/")[-1]]["required"])
        error = schema["components"]["schemas"]["ApiError"]
        self.assertEqual(set(error["required"]), {"detail", "code"})
        self.assertIn(
            "Retry-After", schema["paths"]["/api/regions/"]["get"]["responses"]["429"]["headers"]
        )

    def test_fields_say_when_they_may_be_null_or_blank(self):
        components = self.schema()["components"]["schemas"]
        row = components["DirectoryRow"]["properties"]
        for name in ("working_group", "kind", "secretariat_address", "email", "phone"):
            self.assertTrue(row[name].get("nullable"), name)
        self.assertTrue(components["Facility"]["properties"]["programme"]["nullable"])
        self.assertTrue(components["Inspection"]["properties"]["inspected_by"]["nullable"])
        self.assertTrue(components["Programme"]["properties"]["contact_phone"]["nullable"])
        for component, name in [
            ("Membership", "field"),
            ("Membership", "end_reason"),
            ("Participant", "attendance"),
        ]:
            choices = components[component]["properties"][name]["oneOf"]
            self.assertIn({"$ref": "#/components/schemas/BlankEnum"}, choices, name)
        link = components["Meeting"]["properties"]["online_link"]["oneOf"]
        self.assertIn({"type": "string", "maxLength": 0}, link)
        # What a client sends is described as the forms read it, without the answers' nulls.
        self.assertNotIn("nullable", components["PatchedWorkingGroupRequest"]["properties"]["name"])


class SchemaCacheTestCase(TestCase):
    """The schema is generated once per process and language, not on every request (issue 17,
    item 2)."""

    def setUp(self):
        SchemaView.forget()

    def get(self, url="/api/schema/"):
        return self.client.get(url, headers={"Accept": "application/json"})

    def test_two_requests_generate_the_schema_once(self):
        with mock.patch.object(
            SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema
        ) as generate:
            first, second = self.get(), self.get()
        self.assertEqual(generate.call_count, 1)
        self.assertEqual(first.json(), second.json())

    def test_each_language_has_its_own_document(self):
        with mock.patch.object(
            SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema
        ) as generate:
            self.get("/api/schema/?lang=en")
            self.get("/api/schema/?lang=en")
            self.get("/api/schema/?lang=id")
            # A language the site does not speak is the default one, not a new document.
            self.get("/api/schema/?lang=xx")
            self.get("/api/schema/?lang=zz")
        self.assertEqual(generate.call_count, 2)
