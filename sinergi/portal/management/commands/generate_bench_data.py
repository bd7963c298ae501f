"""Fill an empty database with the national benchmark data set (sinergi/portal/bench/generate.py).

    DATABASE_URL=postgresql://…/sinergi_bench python manage.py migrate
    … python manage.py load_regions && python manage.py load_reference
    … python manage.py generate_bench_data --scale 1.0

See docs/performance.md.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sinergi.portal.bench.generate import BENCH_PASSWORD, generate, has_bench_data, refusal


class Command(BaseCommand):
    help = (
        "Fill an empty database with a deterministic national benchmark data set "
        "(--scale 1.0: every province and kabupaten/kota, ~2 million indicator values)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full data set (0 < s ≤ 1)."
        )
        parser.add_argument("--seed", type=int, default=18)
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the database already holds benchmark data (for make bench).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database already has working groups (regions with a "
            "group are left out; for a benchmark database only, never a real one).",
        )

    def handle(self, *args, scale, seed, force, if_missing, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale is a fraction: more than 0, at most 1.")
        if if_missing and has_bench_data():
            self.stdout.write("The database already holds benchmark data.")
            return
        reason = refusal(force)
        if reason:
            raise CommandError(reason)
        if settings.DEBUG:
            # Harmless for the generator; the benchmark itself runs gunicorn with DEBUG=false.
            self.stderr.write("DEBUG is on: fine for generating, never for measuring.")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict['NAME']}; scale {scale}, "
            f"seed {seed}."
        )
        start = time.perf_counter()
        result = generate(scale=scale, seed=seed, log=self.stdout.write)
        seconds = time.perf_counter() - start
        for label, count in result.counts.items():
            self.stdout.write(f"{count:>12,}  {label}")
        self.stdout.write(f"Generated in {seconds:.0f} s.")
        self.stdout.write(
            "Personas (password "
            + BENCH_PASSWORD
            + "): "
            + ", ".join(f"{k} {v}" for k, v in result.personas.items())
        )
