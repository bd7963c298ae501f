from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sinergi.portal.backup import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Bring back an archive made by `backup` into a freshly migrated, empty installation, "
        "then check every row count and file checksum against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive made by `backup`.")

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            manifest = restore(path)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored {rows} rows and {len(manifest['files'])} files from {manifest['made']}; "
            "every count and checksum matches the manifest."
        )
