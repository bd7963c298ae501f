from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sinergi.lib.mail import retry_deferred, send_queued


class Command(BaseCommand):
    help = (
        "Send the queued e-mails, trying the deferred ones again. Run every few minutes (the "
        "sinergi-mail timer). Exits non-zero when an e-mail could not be sent in this run."
    )

    def handle(self, *args, **options):
        from mailer.models import Message

        retried = retry_deferred()
        result = send_queued()
        given_up = Message.objects.deferred().filter(
            retry_count__gte=settings.MAILER_EMAIL_MAX_RETRIES
        )
        self.stdout.write(
            f"E-mails sent: {result['sent']}, failed: {result['failed']} "
            f"(of which {retried} tried again); given up after "
            f"{settings.MAILER_EMAIL_MAX_RETRIES} tries: {given_up.count()}."
        )
        if result["failed"]:
            raise CommandError(
                f"{result['failed']} e-mail(s) could not be sent (see the log and the admin's "
                "Mailer pages); the next run tries them again."
            )
