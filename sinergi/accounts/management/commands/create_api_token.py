"""An API token for a user, from the command line (scripts, a first harvester): the key is
printed once. Users make their own on their profile page, /akun/token/."""

from django.core.management.base import BaseCommand, CommandError

from sinergi.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Make an API token for the user with this e-mail and print its key (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, choices=[30, 90, 365], default=90)
        parser.add_argument("--read-only", action="store_true")

    def handle(self, *args, email, name, days, read_only, **options):
        try:
            user = User.objects.get(email__iexact=email.strip(), is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user has the e-mail {email}.") from None
        token, key = ApiToken.objects.issue(user, name, days=days, read_only=read_only)
        self.stdout.write(key)
        self.stderr.write(
            f"Token “{token.name}” of {user.email}, valid until {token.expires:%Y-%m-%d}."
        )
