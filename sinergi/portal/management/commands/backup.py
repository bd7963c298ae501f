from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sinergi.portal.backup import backup, default_name


class Command(BaseCommand):
    help = (
        "Write one consistent archive of the database and the uploaded files, with a manifest "
        "of row counts and checksums (docs/operations.md, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="The archive to write; by default VAR_DIR/backups/sinergi-<date-time>.tar.gz.",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            folder = Path(settings.VAR_DIR) / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            path = default_name(folder)
        manifest = backup(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{path}: {rows} rows, {len(manifest['files'])} files.")
        if manifest["missing_files"]:
            self.stderr.write(
                f"{len(manifest['missing_files'])} files named by records were missing from "
                "the storage: " + ", ".join(manifest["missing_files"][:10])
            )
