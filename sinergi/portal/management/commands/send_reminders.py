import datetime
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import preferences_loaded
from sinergi.decrees.reminders import collect_decree_reminders
from sinergi.facilities.reminders import collect_facility_failures
from sinergi.lib.mail import counting_failures
from sinergi.meetings.reminders import collect_coordination_reminders

# Each collector takes the day and notifies through accounts.notifications.notify(), which
# sends every event once; it returns the number of new notifications by kind.
COLLECTORS = [
    collect_decree_reminders,
    collect_facility_failures,
    collect_coordination_reminders,
]


class Command(BaseCommand):
    help = (
        "Send the day's reminders by e-mail and as in-app notifications. Run daily (cron or a "
        "systemd timer); running it again the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to remind for, YYYY-MM-DD (tests, backfills); today by default.",
        )

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        counts = Counter()
        with preferences_loaded(), counting_failures() as failures:
            for collect in COLLECTORS:
                counts.update(collect(day))
        self.stdout.write(
            f"Reminders for {day.isoformat()}: "
            + ", ".join(f"{counts[kind]} {kind.value}" for kind in Notification.Kind)
        )
        if failures[0]:
            # Each failed one is left to the next run, which tries it again.
            raise CommandError(
                f"{failures[0]} e-mail(s) could not be sent (see the log); "
                "the next run tries them again."
            )
