from django.core.management.base import BaseCommand

from sinergi.library.actions import do_extract_pending_texts
from sinergi.library.models import DocumentVersion


class Command(BaseCommand):
    help = (
        "Extract the text, for the search, of every document version whose text is still "
        "pending (normally done right after its upload). Safe to run at any time."
    )

    def handle(self, *args, **options):
        done = do_extract_pending_texts()
        left = DocumentVersion.objects.filter(text_pending=True).count()
        self.stdout.write(f"Document texts extracted: {done}, still pending: {left}")
