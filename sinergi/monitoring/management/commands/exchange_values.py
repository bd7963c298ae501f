"""Export or import indicator values as DHIS2 dataValueSets JSON or SDMX-CSV (docs/exchange.md).

    manage.py exchange_values export --format dhis2 --output values.json [--region 32] \
        [--indicator am-layak] [--year 2024] [--public]
    manage.py exchange_values import values.json --format dhis2 --user ops@example.org \
        [--mapping mapping.json] [--commit]

An export holds every value (`--public`: only the published ones, as visitors get them). An
import is checked as every import of values is, in the regions `--user` may write, and written
all or not at all; without `--commit` it is a dry run that says what it would do.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from sinergi.monitoring import exchange
from sinergi.monitoring.models import DataValue
from sinergi.monitoring.values import visible_values
from sinergi.regions.models import at_or_below


class Command(BaseCommand):
    help = "Export or import indicator values as DHIS2 dataValueSets JSON or SDMX-CSV."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="The file to import")
        parser.add_argument("--format", choices=["dhis2", "sdmx"], required=True)
        parser.add_argument("--output", help="Export: the file to write (default: stdout)")
        parser.add_argument("--region", help="Export: this region and those below it")
        parser.add_argument("--indicator", action="append", default=[])
        parser.add_argument("--year", action="append", type=int, default=[])
        parser.add_argument("--public", action="store_true", help="Export: published only")
        parser.add_argument("--user", help="Import: the email of the user who writes")
        parser.add_argument("--mapping", help="Import: a mapping file (JSON or CSV)")
        parser.add_argument("--commit", action="store_true", help="Import: write the values")

    def handle(self, *args, **options):
        if options["action"] == "export":
            self.export(options)
        else:
            self.import_(options)

    def export(self, options):
        values = visible_values(AnonymousUser()) if options["public"] else DataValue.objects.all()
        if options["region"]:
            values = values.filter(at_or_below(options["region"], "region__code"))
        if options["indicator"]:
            values = values.filter(indicator__code__in=options["indicator"])
        if options["year"]:
            values = values.filter(year__in=options["year"])
        lines = (
            exchange.dhis2_lines(values)
            if options["format"] == "dhis2"
            else exchange.sdmx_lines(values)
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as file:
                file.writelines(lines)
            self.stdout.write(f"{values.count()} values written to {options['output']}.")
        else:
            self.stdout.writelines(lines, ending="")

    def import_(self, options):
        if not options["file"] or not options["user"]:
            raise CommandError("An import needs the file and --user.")
        user = get_user_model().objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No user has the email {options['user']}.")
        try:
            mapping = None
            if options["mapping"]:
                with open(options["mapping"], "rb") as file:
                    mapping = exchange.parse_mapping(file.read())
            with open(options["file"], "rb") as file:
                # No limit of an upload here: an operator's file may hold a whole instance.
                parsed = exchange.read(options["format"], file.read(), mapping, max_rows=10**8)
        except OSError as error:
            raise CommandError(str(error)) from None
        except exchange.ExchangeError as error:
            raise CommandError(error.message) from None
        result = exchange.run(parsed, user, dry_run=not options["commit"])
        for part, counts in result.unmapped.items():
            for code, count in sorted(counts.items()):
                self.stdout.write(f"Unmapped {part} code {code}: {count}")
        for problem in result.problems:
            self.stdout.write(f"Row {problem.row}, {problem.column}: {problem.message}")
        if not result.ok:
            raise CommandError(f"{len(result.problems)} problems: nothing was written.")
        summary = result.summary
        counts = (
            f"created {summary.created}, changed {summary.changed}, "
            f"unchanged {summary.unchanged}, proposed changes {summary.revised}"
        )
        if result.dry_run:
            self.stdout.write(f"Dry run, nothing written ({counts}). Add --commit to write.")
        else:
            self.stdout.write(f"Imported: {counts}.")
