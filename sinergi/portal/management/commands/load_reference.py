from django.core.management.base import BaseCommand, CommandError

from sinergi.monitoring.reference import load_catalogue
from sinergi.pages.reference import load_pages
from sinergi.pokja.reference import load_reference
from sinergi.regions.models import Region


class Command(BaseCommand):
    help = (
        "Load reference data: the national working group and its institutions, the indicator "
        "catalogue with the national targets, the national secretariat's admin group and the "
        "first portal pages; "
        "idempotent."
    )

    def handle(self, *args, **options):
        if not Region.objects.filter(code=Region.NATIONAL_CODE).exists():
            raise CommandError("No regions yet: run `python manage.py load_regions` first.")
        created = load_reference()
        created.update(load_catalogue())
        created.update(load_pages())
        self.stdout.write(
            "Reference data: "
            + ", ".join(f"{count} {name} created" for name, count in created.items())
        )
