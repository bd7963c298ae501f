"""Measure Sinergi over HTTP against gunicorn on the benchmark data (sinergi/portal/bench/run.py).

    make bench        # or: python manage.py bench [--requests 20] [--rounds 3]

Writes var/bench/bench.json and prints the table that docs/performance.md keeps.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sinergi.portal.bench import run


class Command(BaseCommand):
    help = (
        "Run gunicorn on this database and measure every page and API family a user reaches, "
        "at one and four clients, with import and export throughput and the workers' memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="Requests a page, 1 client.")
        parser.add_argument("--rounds", type=int, default=3, help="Rounds a client, 4 clients.")
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument(
            "--output", default=str(Path(settings.VAR_DIR) / "bench" / "bench.json")
        )

    def handle(self, *args, requests, rounds, import_rows, output, **options):
        Path(settings.VAR_DIR, "bench").mkdir(parents=True, exist_ok=True)
        try:
            report = run.run(requests, rounds, import_rows, log=self.stderr.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        Path(output).write_text(json.dumps(run.as_json(report), indent=2) + "\n")
        self.stdout.write(run.table(report))
        self.stdout.write(f"\nMachine: {report.machine}\nData: {report.data}\nWritten: {output}")
