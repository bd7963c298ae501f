from django.core.management.base import BaseCommand, CommandError

from sinergi.decrees import demo as decrees_demo
from sinergi.facilities import demo as facilities_demo
from sinergi.formation import demo as formation_demo
from sinergi.knowledge import demo as knowledge_demo
from sinergi.lib.cache import TOPICS, invalidate
from sinergi.library import demo as library_demo
from sinergi.meetings import demo as meetings_demo
from sinergi.monitoring import demo as monitoring_demo
from sinergi.monitoring.reference import load_catalogue
from sinergi.news import demo as news_demo
from sinergi.pages.reference import load_pages
from sinergi.planning import demo_plans as planning_demo_plans
from sinergi.planning import demo_work as work_plans_demo
from sinergi.pokja import demo
from sinergi.pokja.reference import load_reference
from sinergi.programmes import demo as programmes_demo
from sinergi.regions.models import Region
from sinergi.search import demo as search_demo


class Command(BaseCommand):
    help = "Create the clearly labelled demo data and its logins; idempotent."

    def handle(self, *args, **options):
        if not Region.objects.filter(code=Region.NATIONAL_CODE).exists():
            raise CommandError("No regions yet: run `python manage.py load_regions` first.")
        load_reference()
        load_catalogue()
        load_pages()
        try:
            created = demo.load_demo()
            created.update(news_demo.load_demo())
            created.update(knowledge_demo.load_demo())
            created.update(decrees_demo.load_demo())
            created.update(formation_demo.load_demo())
            created.update(monitoring_demo.load_demo())
            created.update(planning_demo_plans.load_demo())
            created.update(work_plans_demo.load_demo())
            created.update(programmes_demo.load_demo())
            created.update(facilities_demo.load_demo())
            created.update(library_demo.load_demo())
            created.update(meetings_demo.load_demo())
            # Last: it indexes everything loaded above for the full-text search.
            created.update(search_demo.load_demo())
            invalidate(*TOPICS)  # the loaders' bulk writes send no signal (lib/cache.py)
        except demo.MissingRegions as missing:
            raise CommandError(
                f"Regions {missing} are missing: run `python manage.py load_regions` first."
            ) from None
        self.stdout.write(
            "Demo data: " + ", ".join(f"{count} {name} created" for name, count in created.items())
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins (password for each: {demo.DEMO_PASSWORD}):")
        )
        for email, what in demo.demo_logins():
            self.stdout.write(f"  {email:<40} {what}")
