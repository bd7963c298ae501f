"""The first national administrator of a real installation (without demo data): an account with
the national working group's secretariat role, staff in the admin group that edits the reference
data. Interactive, or with `--no-input` and the password in SINERGI_ADMIN_PASSWORD. An existing
account is upgraded and keeps its password. Run after `load_regions` and `load_reference`."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from sinergi.pokja.models import WorkingGroup
from sinergi.pokja.onboarding import make_national_secretariat
from sinergi.regions.models import Region

PASSWORD_ENV = "SINERGI_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create (or upgrade) the account of the national secretariat: the national working "
        f"group's secretariat role and the admin's reference data. With --no-input, give "
        f"--email and --full-name, and the password in {PASSWORD_ENV}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--full-name", dest="full_name")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing; a new account's password comes from {PASSWORD_ENV}.",
        )

    def handle(self, *args, email=None, full_name=None, interactive=True, **options):
        if not WorkingGroup.objects.filter(region__level=Region.Level.NATIONAL).exists():
            raise CommandError(
                "The national working group does not exist yet: run "
                "`python manage.py load_regions` and `python manage.py load_reference` first."
            )
        User = get_user_model()
        email = self._email(email, interactive)
        user = User.objects.filter(email__iexact=email).first()
        password = None
        if user is None:
            full_name = self._full_name(full_name, interactive)
            password = self._password(interactive, User(email=email, full_name=full_name))
        with transaction.atomic():
            if user is None:
                user = User.objects.create_user(email, password, full_name=full_name)
                verb = "Created"
            else:
                if full_name and full_name.strip() and not user.full_name:
                    user.full_name = full_name.strip()
                    user.save(update_fields=["full_name"])
                if not user.is_active:
                    user.is_active = True
                    user.save(update_fields=["is_active"])
                verb = "Upgraded"
            group = make_national_secretariat(user)
        self.stdout.write(
            f"{verb} {user.email}: secretariat of {group.name}, staff in the admin. "
            "Sign in at /akun/masuk/."
        )

    def _email(self, email, interactive) -> str:
        while True:
            if email is None and interactive:
                email = input("E-mail: ")
            email = (email or "").strip()
            try:
                validate_email(email)
                return email
            except ValidationError:
                if not interactive:
                    raise CommandError("Give a valid --email.") from None
                self.stderr.write("That is not an e-mail address.")
                email = None

    def _full_name(self, full_name, interactive) -> str:
        while not (full_name or "").strip():
            if not interactive:
                raise CommandError("Give --full-name for a new account.")
            full_name = input("Full name: ")
        return " ".join(full_name.split())

    def _password(self, interactive, user) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_ENV} to the new account's password.")
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
