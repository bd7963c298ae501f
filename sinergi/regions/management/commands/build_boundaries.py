from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sinergi.regions.boundaries import OUTPUT_DIR, build


class Command(BaseCommand):
    help = (
        "Write the simplified boundary files the maps draw (static/data/boundaries/maps/: the "
        "provinces, every kabupaten/kota, and one file per province) from the two source files "
        "in static/data/boundaries/. Deterministic; commit the result."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=Path(settings.BASE_DIR) / "static" / "data" / "boundaries",
            help="The folder of the source files; the output goes to its maps/ folder.",
        )

    def handle(self, *args, directory, **options):
        written = build(directory)
        total = sum(path.stat().st_size for path in written)
        self.stdout.write(
            f"{len(written)} files written to {directory / OUTPUT_DIR} ({total:,} bytes)."
        )
