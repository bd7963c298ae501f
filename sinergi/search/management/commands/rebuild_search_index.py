from django.core.management.base import BaseCommand

from sinergi.search.index import rebuild


class Command(BaseCommand):
    help = (
        "Index every portal page, news post, knowledge article and document again, in batches, "
        "and drop the entries of records that are gone. Safe to run at any time."
    )

    def handle(self, *args, **options):
        for kind, count in rebuild().items():
            self.stdout.write(f"{kind}: {count}")
