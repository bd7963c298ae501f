"""The load driver of `python manage.py bench`: gunicorn in its own processes, driven over
loopback from this one.

1. `collectstatic`, then gunicorn started as deploy/sinergi.service starts it (3 sync workers)
   on a free port with DEBUG=false, this process's SECRET_KEY and the API throttles lifted.
2. Sessions for the personas (the secretariats named by `generate.PERSONA_REGIONS`) made with
   Django's session store; an API token for the import.
3. At one client: every URL of `plan()` `requests` times, each request preceded by one to
   `/healthz`, so that each page's time is also a ratio to the floor measured in the same
   moments.
4. At four clients: four threads going through the whole plan `rounds` times each.
5. Dashboards' SQL alone: the same dashboard requests made in this process with Django's test
   client, timing every query with `connection.execute_wrapper` (the sum of the time spent in
   the database driver's `execute`, i.e. the SQL and its transfer, without Python's handling).
6. Import: new village values POSTed to `/api/data-values/bulk/` in batches, then removed;
   export: the national CSV of one year; sizes of three pages as nginx's gzip (level 1, its
   default, deploy/nginx-sinergi.conf) would send them; the workers' peak memory (VmHWM).
"""

import gzip
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from sinergi.accounts.models import ApiToken, User
from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility
from sinergi.library.models import Document
from sinergi.meetings.models import Meeting
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.news.models import Post
from sinergi.pokja.models import WorkingGroup
from sinergi.portal.bench.generate import PERSONA_REGIONS, VILLAGE_YEARS, secretariat_email
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region, below

ANONYMOUS, REGENCY, PROVINCIAL, NATIONAL = "anonymous", "kabupaten", "provincial", "national"
PERSONAS = (ANONYMOUS, REGENCY, PROVINCIAL, NATIONAL)
DASHBOARDS = ("national dashboard", "provincial dashboard", "kabupaten dashboard")
SIZED = ("home", "directory", "national dashboard")
BASE = Path(settings.BASE_DIR)

# The targets the later work is judged against (issue 18).
TARGET_P95_1 = 150  # ms, every page and API call at one client
TARGET_P95_4 = 300  # ms, at four concurrent clients
TARGET_DASHBOARD_FLOOR = 5  # dashboards' p50 within 5× /healthz's
TARGET_IMPORT = 10_000  # values/s
TARGET_EXPORT = 50_000  # CSV rows/s
TARGET_MEMORY = 250  # MB, a worker's peak
TARGET_HOME_KB = 150  # the home page, compressed


@dataclass
class Step:
    family: str  # what the user reaches: "national dashboard", "API: facilities"
    persona: str
    url: str


@dataclass
class Report:
    machine: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    pages: list = field(default_factory=list)
    concurrent: dict = field(default_factory=dict)
    dashboards_sql: dict = field(default_factory=dict)
    import_: dict = field(default_factory=dict)
    export: dict = field(default_factory=dict)
    memory_mb: float = 0.0
    sizes: dict = field(default_factory=dict)


def percentile(samples, share) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def persona_groups() -> dict:
    """The working group of each signed-in persona (the secretariats of PERSONA_REGIONS, or
    the first province / kabupaten/kota with a group when those are not in the data)."""
    groups = {}
    for persona, key in ((NATIONAL, "national"), (PROVINCIAL, "provincial"), (REGENCY, "regency")):
        level = {NATIONAL: 0, PROVINCIAL: 1, REGENCY: 2}[persona]
        group = WorkingGroup.objects.filter(region__code=PERSONA_REGIONS[key]).first()
        if group is None:
            group = WorkingGroup.objects.filter(region__level=level).order_by("region__code")[0]
        groups[persona] = group
    return groups


def persona_users(groups) -> dict:
    """The secretariat user the generator made for each persona's group."""
    return {
        persona: User.objects.get(email=secretariat_email(group.region.code))
        for persona, group in groups.items()
    }


def plan(groups) -> list[Step]:
    """Every page and API family a user reaches, with the persona that reaches it."""
    reg, prov = groups[REGENCY].region.code, groups[PROVINCIAL].region.code
    year = timezone.localdate().year - 1
    group = groups[REGENCY]
    in_group = {"working_group": group}
    programme = Programme.objects.filter(registered_by=group).order_by("pk").first()
    programme = programme or Programme.objects.order_by("pk").first()
    facility = Facility.objects.filter(below(reg, "village__code")).order_by("pk").first()
    meeting = Meeting.objects.filter(**in_group).order_by("-starts_at").first()
    decree = Decree.objects.filter(**in_group).order_by("-signed_on").first()
    document = Document.objects.filter(is_public=True).order_by("pk").first()
    post = Post.objects.filter(published_at__isnull=False).order_by("-published_at").first()
    indicator = Indicator.objects.filter(is_key=True).order_by("order").first()
    at = {"code": reg}

    def u(name, query="", **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name, kwargs=kwargs) + query

    tahun = f"?tahun={year}"
    rollup = f"?indicator={indicator.code}&region={prov}&year={year}"
    steps = [
        (ANONYMOUS, "home", u("portal:home")),
        (ANONYMOUS, "directory", u("portal:directory")),
        (ANONYMOUS, "directory map data", u("portal:directory_map_data")),
        (ANONYMOUS, "group profile", u("portal:profile", **at)),
        (ANONYMOUS, "regions", u("regions:index")),
        (ANONYMOUS, "region page", u("regions:detail", **at)),
        (ANONYMOUS, "institutions", u("pokja:institutions")),
        (ANONYMOUS, "indicator catalogue", u("monitoring:catalogue")),
        (ANONYMOUS, "national dashboard", u("monitoring:dashboard") + tahun),
        (ANONYMOUS, "provincial dashboard", u("monitoring:dashboard", code=prov) + tahun),
        (ANONYMOUS, "kabupaten dashboard", u("monitoring:dashboard", **at) + tahun),
        (ANONYMOUS, "dashboard map data", u("monitoring:map_data") + f"{tahun}&wilayah=ID"),
        (ANONYMOUS, "open data", u("opendata:catalogue")),
        (ANONYMOUS, "programmes", u("programmes:list")),
        (ANONYMOUS, "library", u("library:library")),
        (ANONYMOUS, "news", u("news:news")),
        (ANONYMOUS, "news feed", u("news:news_rss")),
        (ANONYMOUS, "search", u("search:results", "?q=air+minum")),
        (ANONYMOUS, "activeness", u("activeness:national")),
        (ANONYMOUS, "activeness of a province", u("activeness:province", code=prov)),
        (ANONYMOUS, "activeness of a group", u("activeness:group", **at)),
        (ANONYMOUS, "group news", u("news:group_news", **at)),
        (ANONYMOUS, "group library", u("library:group_library", **at)),
        (ANONYMOUS, "API: root", u("api:root")),
        (ANONYMOUS, "API: directory", u("api:directory")),
        (ANONYMOUS, "API: regions", u("api:region-list")),
        (ANONYMOUS, "API: indicators", u("api:indicator-list")),
        (ANONYMOUS, "API: values", u("api:data-value-list")),
        (
            ANONYMOUS,
            "API: roll-up",
            u("api:rollup", rollup),
        ),
        (ANONYMOUS, "API: programmes", u("api:programme-list")),
        (ANONYMOUS, "API: facilities", u("api:facility-list")),
        (ANONYMOUS, "API: news", u("api:news-list")),
        (ANONYMOUS, "API: documents", u("api:document-list")),
        (ANONYMOUS, "API: activeness", u("api:activeness")),
        (REGENCY, "my working groups", u("pokja:dashboard")),
        (REGENCY, "workspace", u("pokja:workspace", **at)),
        (REGENCY, "roster", u("pokja:roster", **at)),
        (REGENCY, "decrees", u("decrees:list", **at)),
        (REGENCY, "strategic plans", u("planning:plans", **at)),
        (REGENCY, "work plans", u("workplans:index", **at)),
        (REGENCY, "group programmes", u("programmes:group", **at)),
        (REGENCY, "facilities", u("facilities:list", **at)),
        (REGENCY, "meetings", u("meetings:meetings", **at)),
        (REGENCY, "meeting calendar", u("meetings:meetings_calendar", **at)),
        (REGENCY, "action items", u("meetings:action_items", **at)),
        (REGENCY, "my action items", u("meetings:my_action_items")),
        (REGENCY, "data entry", u("monitoring:data_entry", **at)),
        (REGENCY, "data verification", u("monitoring:data_verify", **at)),
        (REGENCY, "notifications", u("notifications:notifications")),
        (REGENCY, "kabupaten dashboard", u("monitoring:dashboard", **at) + tahun),
        (REGENCY, "API: working groups", u("api:working-group-list")),
        (REGENCY, "API: meetings", u("api:meeting-list")),
        (REGENCY, "API: action items", u("api:action-item-list")),
        (REGENCY, "API: inspections", u("api:inspection-list")),
        (REGENCY, "API: decrees", u("api:decree-list")),
        (PROVINCIAL, "my working groups", u("pokja:dashboard")),
        (PROVINCIAL, "workspace", u("pokja:workspace", code=prov)),
        (PROVINCIAL, "provincial dashboard", u("monitoring:dashboard", code=prov) + tahun),
        (PROVINCIAL, "data verification", u("monitoring:data_verify", code=prov)),
        (PROVINCIAL, "compliance", u("portal:compliance")),
        (PROVINCIAL, "province work plans", u("workplans:province_summary", code=prov, year=year)),
        (PROVINCIAL, "roster of a kabupaten", u("pokja:roster", **at)),
        (PROVINCIAL, "API: working groups", u("api:working-group-list")),
        (NATIONAL, "my working groups", u("pokja:dashboard")),
        (NATIONAL, "national dashboard", u("monitoring:dashboard") + tahun),
        (NATIONAL, "compliance", u("portal:compliance")),
        (NATIONAL, "national work plans", u("workplans:national_summary", year=year)),
        (NATIONAL, "API: working groups", u("api:working-group-list")),
        (NATIONAL, "API: action items", u("api:action-item-list")),
        (NATIONAL, "facilities of the nation", u("facilities:list", code="ID")),
        (NATIONAL, "programmes of the nation", u("programmes:group", code="ID")),
        (NATIONAL, "API: values below a province", u("api:data-value-list") + f"?below={prov}"),
        (ANONYMOUS, "search, common word", u("search:results", "?q=air")),
    ]
    # Detail pages of records, when the data has them.
    if programme:
        steps.append((ANONYMOUS, "programme", u("programmes:detail", pk=programme.pk)))
    if document:
        steps.append((ANONYMOUS, "document", u("library:document", pk=document.pk)))
    if post:
        steps.append((ANONYMOUS, "news post", u("news:post", pk=post.pk)))
    if facility:
        steps.append((REGENCY, "facility", u("facilities:detail", pk=facility.pk, **at)))
    if meeting:
        steps.append((REGENCY, "meeting", u("meetings:meeting", pk=meeting.pk, **at)))
    if decree:
        steps.append((REGENCY, "decree", u("decrees:detail", pk=decree.pk, **at)))
    return [Step(family, persona, url) for persona, family, url in steps]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env() -> dict:
    """gunicorn's environment: production mode on this database, this process's secret key
    (so that the sessions made here are valid there), plain HTTP on loopback, no API
    throttle, static files collected under var/bench/."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "API_ANON_RATE": "1000000/minute",
        "API_USER_RATE": "1000000/minute",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{settings.DATABASES['default']['NAME']}",
        "STATIC_ROOT": str(Path(settings.VAR_DIR) / "bench" / "static"),
    }


class Server:
    """gunicorn with deploy/sinergi.service's options, in production mode, on a free port."""

    def __init__(self, workers=3, log=print):
        self.port = free_port()
        self.log = log
        env = production_env()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=BASE,
            check=True,
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.logfile = open(Path(settings.VAR_DIR) / "bench" / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(gunicorn), "sinergi.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(workers), "--timeout", "120"]
            # Its own: another gunicorn on the machine may hold the default control socket.
            + ["--no-control-socket"],
            env=env,
            cwd=BASE,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer; see {self.logfile.name}")

    def get(self, url, cookie="", headers=None, method="GET", body=None):
        """(status, seconds, body) of one request on a new connection (sync workers close
        it after each response)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        head = {"Host": "127.0.0.1", "Accept-Encoding": "identity", **(headers or {})}
        if cookie:
            head["Cookie"] = cookie
        start = time.perf_counter()
        conn.request(method, url, body=body, headers=head)
        response = conn.getresponse()
        data = response.read()
        seconds = time.perf_counter() - start
        conn.close()
        return response.status, seconds, data

    def peak_memory_mb(self) -> float:
        """The largest VmHWM of the master's child processes (the workers)."""
        peak = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for child in children:
                for line in Path(f"/proc/{child}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        return round(peak / 1024, 1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.logfile.close()


def cookies(users) -> dict:
    """A session cookie for each signed-in persona, made by Django's session store."""
    jar = {ANONYMOUS: ""}
    for persona, user in users.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        jar[persona] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return jar


def check(server, steps, jar, log):
    """Every step answers 200 (else the figures would measure an error page)."""
    bad = []
    for step in steps:
        status, _seconds, _body = server.get(step.url, jar[step.persona])
        if status != 200:
            bad.append(f"{step.persona} {step.url}: {status}")
    if bad:
        raise RuntimeError("Not every page answers 200:\n" + "\n".join(bad))
    log(f"{len(steps)} pages and API calls answer 200.")


def one_client(server, steps, jar, requests, log) -> list[dict]:
    rows = []
    for step in steps:
        server.get(step.url, jar[step.persona])  # warm-up
        times, floor = [], []
        for _ in range(requests):
            floor.append(server.get("/healthz")[1] * 1000)
            times.append(server.get(step.url, jar[step.persona])[1] * 1000)
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        f50, f95 = percentile(floor, 0.5), percentile(floor, 0.95)
        rows.append(
            {
                "family": step.family,
                "persona": step.persona,
                "url": step.url,
                "n": requests,
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "healthz_p50_ms": round(f50, 1),
                "healthz_p95_ms": round(f95, 1),
                "ratio_p50": round(p50 / f50, 1),
                "ratio_p95": round(p95 / f95, 1),
            }
        )
        log(f"{step.persona:<11} {step.family:<28} p50 {p50:8.1f}  p95 {p95:8.1f} ms")
    return rows


def four_clients(server, steps, jar, rounds, seed=18) -> dict:
    """Four threads each going `rounds` times through every step, in its own order."""
    times = {(s.persona, s.family): [] for s in steps}
    lock = threading.Lock()

    def client(n):
        order = [s for _ in range(rounds) for s in steps]
        random.Random(seed + n).shuffle(order)
        for step in order:
            seconds = server.get(step.url, jar[step.persona])[1]
            with lock:
                times[(step.persona, step.family)].append(seconds * 1000)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    result = {
        f"{persona}|{family}": {
            "p50_ms": round(percentile(t, 0.5), 1),
            "p95_ms": round(percentile(t, 0.95), 1),
        }
        for (persona, family), t in times.items()
    }
    total = sum(len(t) for t in times.values())
    return {"clients": 4, "requests": total, "seconds": round(wall, 1), "pages": result}


def dashboards_sql(steps, users, requests) -> dict:
    """The time of the dashboards' SQL alone, in this process (see the module's docstring)."""
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    result = {}
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=storages, DEBUG=False):
        for step in steps:
            if step.family not in DASHBOARDS or step.persona != ANONYMOUS:
                continue
            client = Client()
            client.get(step.url, secure=True)  # warm-up
            sql, counts = [], []
            for _ in range(max(3, requests // 2)):
                spent = [0.0, 0]

                def timed(execute, sql_text, params, many, context, spent=spent):
                    start = time.perf_counter()
                    try:
                        return execute(sql_text, params, many, context)
                    finally:
                        spent[0] += time.perf_counter() - start
                        spent[1] += 1

                with connection.execute_wrapper(timed):
                    client.get(step.url, secure=True)
                sql.append(spent[0] * 1000)
                counts.append(spent[1])
            result[step.family] = {
                "sql_p50_ms": round(percentile(sql, 0.5), 1),
                "sql_p95_ms": round(percentile(sql, 0.95), 1),
                "queries": max(counts),
            }
    return result


def import_values(server, user, rows_wanted, batch, log) -> dict:
    """New village values POSTed to the bulk API with a token, then removed."""
    indicator = (
        Indicator.objects.filter(aggregation=Indicator.Aggregation.RATIO, is_key=True)
        .order_by("order")
        .first()
    )
    year = timezone.localdate().year - 1 - VILLAGE_YEARS  # no village values that year
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE)
        .exclude(data_values__indicator=indicator, data_values__year=year)
        .order_by("code")
        .values_list("code", flat=True)[:rows_wanted]
    )
    rng = random.Random(18)
    rows = []
    for code in villages:
        denominator = rng.randint(80, 4000)
        rows.append(
            {
                "indicator": indicator.code,
                "region": code,
                "year": str(year),
                "numerator": str(rng.randint(denominator // 3, denominator)),
                "denominator": str(denominator),
            }
        )
    token, key = ApiToken.objects.issue(user, "bench", days=1)
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    seconds, written = 0.0, 0
    try:
        for start in range(0, len(rows), batch):
            body = json.dumps(rows[start : start + batch]).encode()
            status, spent, answer = server.get(
                "/api/data-values/bulk/", headers=headers, method="POST", body=body
            )
            if status != 200:
                raise RuntimeError(f"The bulk API answered {status}: {answer[:500]!r}")
            seconds += spent
            written += json.loads(answer)["created"]
    finally:
        token.delete()
        DataValue.objects.filter(
            indicator=indicator, year=year, region__level=Region.Level.VILLAGE
        ).delete()
    log(f"Import: {written:,} values in {seconds:.1f} s.")
    return {
        "values": written,
        "batch": batch,
        "seconds": round(seconds, 2),
        "values_per_s": round(written / seconds) if seconds else 0,
    }


def export_csv(server) -> dict:
    """The national CSV of indicator values of one year."""
    year = timezone.localdate().year - 1
    status, seconds, body = server.get(f"/data/ekspor.csv?wilayah=ID&tahun={year}")
    if status != 200:
        raise RuntimeError(f"The export answered {status}")
    rows = max(0, body.count(b"\n") - 1)
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "bytes": len(body),
    }


def sizes(server, steps, jar) -> dict:
    result = {}
    for step in steps:
        if step.persona == ANONYMOUS and step.family in SIZED:
            _status, _seconds, body = server.get(step.url, jar[step.persona])
            result[step.family] = {
                "bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, compresslevel=1)),
            }
    return result


def machine() -> dict:
    with connection.cursor() as cursor:
        version = connection.vendor
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version += " " + cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            version += " " + cursor.fetchone()[0]
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": timezone.now().isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "database": version,
    }


def data_counts() -> dict:
    from sinergi.monitoring.models import IndicatorYear, VillageTotal

    return {
        "working groups": WorkingGroup.objects.count(),
        "values": DataValue.objects.count(),
        "IndicatorYear rows": IndicatorYear.objects.count(),
        "VillageTotal rows": VillageTotal.objects.count(),
        "facilities": Facility.objects.count(),
        "meetings": Meeting.objects.count(),
        "programmes": Programme.objects.count(),
    }


def run(requests=20, rounds=3, import_rows=10_000, log=print) -> Report:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("The database has unapplied migrations: run `manage.py migrate`.")
    report = Report(machine=machine(), data=data_counts())
    if report.data["working groups"] < 2:
        raise RuntimeError("No benchmark data: run `python manage.py generate_bench_data` first.")
    groups = persona_groups()
    users = persona_users(groups)
    steps = plan(groups)
    jar = cookies(users)
    log("Collecting static files, starting gunicorn…")
    server = Server(log=log)
    try:
        check(server, steps, jar, log)
        report.sizes = sizes(server, steps, jar)
        log(f"One client, {requests} requests a page…")
        report.pages = one_client(server, steps, jar, requests, log)
        log(f"Four clients, {rounds} rounds each…")
        report.concurrent = four_clients(server, steps, jar, rounds)
        report.export = export_csv(server)
        log(f"Export: {report.export['rows']:,} rows in {report.export['seconds']} s.")
        report.import_ = import_values(server, users[NATIONAL], import_rows, 2000, log)
        report.memory_mb = server.peak_memory_mb()
    finally:
        server.stop()
    log("Dashboards' SQL in this process…")
    report.dashboards_sql = dashboards_sql(steps, users, requests)
    # Other work on the machine shows in the load: the figures are as noisy as it is high.
    report.machine["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def verdicts(report) -> dict:
    """How many measures meet their target."""
    pages = report.pages
    concurrent = report.concurrent["pages"]
    dashboards = [row for row in pages if row["family"] in DASHBOARDS]
    return {
        "p95 < 150 ms at 1 client": (
            sum(row["p95_ms"] < TARGET_P95_1 for row in pages),
            len(pages),
        ),
        "p95 < 300 ms at 4 clients": (
            sum(c["p95_ms"] < TARGET_P95_4 for c in concurrent.values()),
            len(concurrent),
        ),
        "dashboards within 5× /healthz": (
            sum(row["ratio_p50"] <= TARGET_DASHBOARD_FLOOR for row in dashboards),
            len(dashboards),
        ),
    }


def as_json(report) -> dict:
    data = {
        "machine": report.machine,
        "data": report.data,
        "targets": {
            "p95_ms_1_client": TARGET_P95_1,
            "p95_ms_4_clients": TARGET_P95_4,
            "dashboard_p50_over_healthz": TARGET_DASHBOARD_FLOOR,
            "import_values_per_s": TARGET_IMPORT,
            "export_rows_per_s": TARGET_EXPORT,
            "worker_peak_mb": TARGET_MEMORY,
            "home_gzip_kb": TARGET_HOME_KB,
        },
        "pages": report.pages,
        "concurrent": report.concurrent,
        "dashboards_sql": report.dashboards_sql,
        "import": report.import_,
        "export": report.export,
        "worker_peak_mb": report.memory_mb,
        "sizes": report.sizes,
        "passing": {name: f"{n} of {total}" for name, (n, total) in verdicts(report).items()},
    }
    return data


def ok(passed) -> str:
    return "pass" if passed else "FAIL"


def table(report) -> str:
    """The report as a Markdown table (docs/performance.md keeps the last one)."""
    lines = [
        "| persona | page or API call | p50 ms | p95 ms | ×healthz p50 | ×healthz p95 "
        "| p95 ms, 4 clients | p95 < 150 | p95 < 300 at 4 | dashboard ≤ 5× |",
        "|---|---|--:|--:|--:|--:|--:|:-:|:-:|:-:|",
    ]
    for row in report.pages:
        concurrent = report.concurrent["pages"][f"{row['persona']}|{row['family']}"]["p95_ms"]
        floor = ""
        if row["family"] in DASHBOARDS:
            floor = ok(row["ratio_p50"] <= TARGET_DASHBOARD_FLOOR)
        lines.append(
            f"| {row['persona']} | {row['family']} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {row['ratio_p50']} | {row['ratio_p95']} | {concurrent} "
            f"| {ok(row['p95_ms'] < TARGET_P95_1)} | {ok(concurrent < TARGET_P95_4)} | {floor} |"
        )
    lines += ["", "| measure | figure | target | |", "|---|--:|--:|:-:|"]
    for family, sql in report.dashboards_sql.items():
        lines.append(
            f"| {family}: SQL alone, p50 (p95) | {sql['sql_p50_ms']} ({sql['sql_p95_ms']}) ms, "
            f"{sql['queries']} queries | | |"
        )
    imp, exp = report.import_, report.export
    lines += [
        f"| import, bulk API ({imp['values']:,} values, {imp['batch']:,} a request) "
        f"| {imp['values_per_s']:,} values/s | ≥ {TARGET_IMPORT:,} | "
        f"{ok(imp['values_per_s'] >= TARGET_IMPORT)} |",
        f"| CSV export ({exp['rows']:,} rows) | {exp['rows_per_s']:,} rows/s "
        f"| ≥ {TARGET_EXPORT:,} | {ok(exp['rows_per_s'] >= TARGET_EXPORT)} |",
        f"| worker peak memory (VmHWM) | {report.memory_mb} MB | < {TARGET_MEMORY} MB "
        f"| {ok(report.memory_mb < TARGET_MEMORY)} |",
        f"| 4 clients: requests, wall time | {report.concurrent['requests']:,} in "
        f"{report.concurrent['seconds']} s | | |",
    ]
    for family, size in report.sizes.items():
        target = f"< {TARGET_HOME_KB} KB" if family == "home" else ""
        verdict = ok(size["gzip_bytes"] < TARGET_HOME_KB * 1024) if family == "home" else ""
        lines.append(
            f"| {family}: transferred, gzip (raw) | {size['gzip_bytes'] / 1024:.1f} KB "
            f"({size['bytes'] / 1024:.1f} KB) | {target} | {verdict} |"
        )
    lines.append("")
    lines += [f"- {name}: {n} of {total}" for name, (n, total) in verdicts(report).items()]
    return "\n".join(lines)
