"""Backup and restore (issue 19, item 3): an archive of the database and the uploaded files,
brought back into an empty installation, keeps every row and every file."""

import datetime
import json
import tarfile
import tempfile
from io import StringIO
from pathlib import Path

from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase

from sinergi.decrees.models import Decree
from sinergi.portal.backup import _models
from sinergi.test import BaseTestCase, add_member

PDF = b"%PDF-1.4\n%backup test\n"


def everything() -> list[str]:
    """Every row of every model in the archive, with natural keys, as sorted JSON lines."""
    rows = []
    for model in _models():
        if model._meta.label_lower == "search.searchentry":
            continue  # rebuilt by restore, with new ids
        data = serializers.serialize(
            "python",
            model._default_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        rows += [json.dumps(row, sort_keys=True, default=str) for row in data]
    return sorted(rows)


class RoundTripTestCase(TransactionTestCase):
    def setUp(self):
        BaseTestCase.setUpTestData.__func__(BaseTestCase)
        group = BaseTestCase.bandung_group
        add_member(group, "Dadang Suherman")
        decree = Decree.objects.create(
            working_group=group,
            number="050/Kep.12-Bappeda/2026",
            signed_on=datetime.date(2026, 1, 10),
            signatory="Bupati Bandung",
            valid_from=datetime.date(2026, 1, 10),
            valid_until=datetime.date(2026, 12, 31),
        )
        decree.scan.save("sk-2026.pdf", ContentFile(PDF))
        self.folder = Path(tempfile.mkdtemp(prefix="sinergi-backup-test-"))

    def test_backup_then_restore_into_an_empty_installation_keeps_every_row_and_file(self):
        before = everything()
        scan = Decree.objects.get().scan.name
        archive = self.folder / "backup.tar.gz"
        call_command("backup", str(archive), stdout=StringIO())
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        self.assertEqual(manifest["rows"]["pokja.workinggroup"], 5)
        self.assertIn(scan, manifest["files"])

        # A new installation: an empty, migrated database and no uploaded files.
        call_command("flush", interactive=False, verbosity=0)
        default_storage.delete(scan)
        out = StringIO()
        call_command("restore", str(archive), stdout=out)
        self.assertIn("every count and checksum matches", out.getvalue())
        self.assertEqual(everything(), before)
        with default_storage.open(scan, "rb") as file:
            self.assertEqual(file.read(), PDF)

    def test_restore_refuses_a_database_that_holds_data(self):
        archive = self.folder / "backup.tar.gz"
        call_command("backup", str(archive), stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "empty database"):
            call_command("restore", str(archive), stdout=StringIO())

    def test_a_damaged_or_foreign_archive_is_refused_with_a_message(self):
        foreign = self.folder / "other.tar.gz"
        with tarfile.open(foreign, "w:gz") as tar:
            tar.add(__file__, "notes.txt")
        with self.assertRaisesMessage(CommandError, "no manifest.json"):
            call_command("restore", str(foreign), stdout=StringIO())
