"""CI's dependency audit (.ci/audit.py): a known vulnerability fails unless allow-listed with a
reason, and a run that audited nothing says so (issue 13, item 17)."""

import importlib.util
import json
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"


def load_script():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class AuditScriptTestCase(SimpleTestCase):
    def setUp(self):
        self.audit = load_script()
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.audit.ALLOWLIST = self.folder / "allow.txt"
        self.audit.ALLOWLIST.write_text("# none\n")

    def run_on(self, dependencies):
        report = self.folder / "report.json"
        report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
        return self.audit.main(["--input", str(report)])

    def vulnerable(self):
        vuln = {"id": "PYSEC-1", "fix_versions": ["5.2.2"], "aliases": ["CVE-9"]}
        return [{"name": "django", "version": "5.2.1", "vulns": [vuln]}]

    def test_a_finding_fails(self):
        self.assertEqual(self.run_on(self.vulnerable()), 1)

    def test_an_allow_listed_finding_passes(self):
        self.audit.ALLOWLIST.write_text("CVE-9 only reachable through an unused feature\n")
        self.assertEqual(self.run_on(self.vulnerable()), 0)

    def test_an_allow_list_entry_needs_a_reason(self):
        self.audit.ALLOWLIST.write_text("CVE-9\n")
        with self.assertRaises(SystemExit):
            self.run_on(self.vulnerable())

    def test_nothing_audited_passes_unless_the_service_is_required(self):
        skipped = [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]
        self.assertEqual(self.run_on(skipped), 0)
        report = self.folder / "report.json"
        self.assertEqual(self.audit.main(["--input", str(report), "--require-service"]), 1)
