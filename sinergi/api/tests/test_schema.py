from django.test import TestCase


class SchemaTestCase(TestCase):
    def test_the_openapi_schema_lists_the_resources(self):
        r = self.client.get("/api/schema/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        paths = r.json()["paths"]
        self.assertIn("/api/regions/", paths)
        self.assertIn("/api/working-groups/{code}/", paths)

    def test_the_docs_page_uses_local_assets_only(self):
        r = self.client.get("/api/docs/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", html)
        self.assertNotIn("cdn.", html)
        self.assertNotIn("https://", html)

    def test_the_api_root_is_open(self):
        r = self.client.get("/api/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("regions", r.json())
