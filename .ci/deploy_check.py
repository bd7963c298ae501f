"""Follow docs/deployment.md on the CI machine, with the files in deploy/, and check the result.

Run from the checkout, as root (it installs nginx if missing), with PostgreSQL answering on
127.0.0.1:5432 (user postgres, trust auth):

    .venv/bin/python .ci/deploy_check.py

What it does, as the guide says, in a fresh database and a temporary VAR_DIR:

- systemd-analyze verifies the units of deploy/ and the timer's OnCalendar;
- the environment file is the repository's .env.example with the values of this machine;
- check --deploy, migrate, collectstatic, load_regions, load_reference, create_national_admin;
- two gunicorn instances (ports 8101 and 8102) started with the ExecStart line of
  deploy/sinergi.service, behind nginx serving a copy of deploy/nginx-sinergi.conf (its
  upstream the two instances, its listen ports 8180 and 8443, a self-signed certificate, the
  temporary STATIC_ROOT: every other line as written);
- then, through nginx: the redirect to HTTPS, /healthz, the home page in Indonesian,
  compression, a static file served by nginx with a long cache, the upload limit (Sinergi's
  413 page up to client_max_body_size, nginx's beyond), a sign-in whose session works on both
  instances, a private decree scan (200 signed in, not for anyone else), no /media/;
- scaling out: with REDIS_URL (when Redis answers on 127.0.0.1:6379) the API throttle counts
  requests of both instances together; both instances run with DATABASE_REPLICA_URL naming the
  same database, so every page above went through the replica router;
- the mail queue: a password-reset e-mail queued through nginx leaves after the response, and
  deploy/sinergi-mail.service's ExecStart line runs and reports an empty queue;
- last, the ExecStart lines of deploy/sinergi-daily.service in order (backup, send_reminders).

Every replacement in the deploy files is checked to have happened, so a change to their shape
fails here instead of testing something else. Processes, the database and the temporary
directory are removed at the end, also on failure or Ctrl-C.
"""

import contextlib
import gzip
import html
import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
CHECKOUT = "/srv/sinergi"  # the checkout's place in the deploy files
GUNICORN_PORTS = (8101, 8102)
HTTP_PORT, HTTPS_PORT = 8180, 8443
HOST = "127.0.0.1"
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.go.id", secrets.token_urlsafe(16)
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/13"
THROTTLE = 6  # anonymous API requests per minute in the check

started = time.monotonic()
processes: list[subprocess.Popen] = []


def step(message: str) -> None:
    print(f"-- [{time.monotonic() - started:5.1f} s] {message}", flush=True)


def fail(message: str) -> None:
    raise SystemExit(f"deploy check FAILED: {message}")


def expect(condition: bool, message: str) -> None:
    if not condition:
        fail(message)


# -- the deploy files -------------------------------------------------------------------------


def unit_exec_starts(name: str) -> list[list[str]]:
    """The ExecStart command lines of a systemd unit in deploy/, run from this checkout."""
    lines = [
        line.split("=", 1)[1]
        for line in (DEPLOY / name).read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    expect(lines, f"deploy/{name} has no ExecStart line")
    commands = []
    for line in lines:
        expect("$" not in line, f"deploy/{name}: ExecStart uses a variable; keep it literal")
        argv = shlex.split(line)
        expect(argv[0].startswith(CHECKOUT + "/"), f"deploy/{name}: {argv[0]} not in {CHECKOUT}")
        argv[0] = str(REPO / argv[0][len(CHECKOUT) + 1 :])
        commands.append(argv)
    return commands


def unit_setting(name: str, key: str) -> str:
    values = [
        line.split("=", 1)[1]
        for line in (DEPLOY / name).read_text().splitlines()
        if line.startswith(key + "=")
    ]
    expect(len(values) == 1, f"deploy/{name} should set {key} once")
    return values[0]


def replace_once(text: str, old: str, new: str, what: str) -> str:
    expect(text.count(old) == 1, f"deploy/nginx-sinergi.conf: expected one {old!r} ({what})")
    return text.replace(old, new)


def nginx_site(static_parent: Path, certificate: Path, key: Path) -> str:
    site = (DEPLOY / "nginx-sinergi.conf").read_text()
    upstream = "".join(f"    server {HOST}:{port};\n" for port in GUNICORN_PORTS)
    site = replace_once(site, "    server 127.0.0.1:8000;\n", upstream, "the upstream")
    site = replace_once(site, "    listen 80;\n", f"    listen {HOST}:{HTTP_PORT};\n", "HTTP")
    site = replace_once(site, "    listen [::]:80;\n", "", "HTTP, IPv6")
    site = replace_once(
        site, "    listen 443 ssl http2;\n", f"    listen {HOST}:{HTTPS_PORT} ssl http2;\n", "TLS"
    )
    site = replace_once(site, "    listen [::]:443 ssl http2;\n", "", "TLS, IPv6")
    site, n = re.subn(r"(?m)^(\s*ssl_certificate) \S+;$", rf"\1 {certificate};", site)
    expect(n == 1, "deploy/nginx-sinergi.conf: expected one ssl_certificate line")
    site, n = re.subn(r"(?m)^(\s*ssl_certificate_key) \S+;$", rf"\1 {key};", site)
    expect(n == 1, "deploy/nginx-sinergi.conf: expected one ssl_certificate_key line")
    site = replace_once(
        site, "root /var/lib/sinergi;", f"root {static_parent};", "the static files' root"
    )
    expect(not re.search(r"(?m)^\s*location\b[^{]*/media", site), "nginx must not serve /media/")
    return site


def nginx_conf(work: Path, site: str) -> str:
    temp = work / "nginx-temp"
    temp.mkdir()
    paths = "\n".join(
        f"    {kind}_temp_path {temp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""pid {work / "nginx.pid"};
error_log {work / "nginx-error.log"} warn;
worker_processes 2;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work / "nginx-access.log"};
    sendfile on;
{paths}

{site}
}}
"""


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile= reads these (comments, quotes)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


# -- processes and HTTP -------------------------------------------------------------------------


def run(argv: list[str], env: dict[str, str], **kwargs) -> str:
    result = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        fail(f"{shlex.join(argv)} exited {result.returncode}")
    return result.stdout


def start(argv: list[str], env: dict[str, str] | None, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        body = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8", "replace")


def request(
    method: str,
    path: str,
    *,
    port: int = HTTPS_PORT,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    send_body: bool = True,
) -> Response:
    if port == HTTPS_PORT:
        connection = http.client.HTTPSConnection(HOST, port, context=TLS, timeout=30)
    else:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        sent = dict(headers or {})
        connection.putrequest(method, path, skip_host="Host" in sent, skip_accept_encoding=True)
        if body is not None:
            sent["Content-Length"] = str(len(body))
        for name, value in sent.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body is not None and send_body:
            # nginx may answer (413) before the whole body is sent.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.send(body)
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


def wait_for(port: int, what: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(120):
        if process.poll() is not None:
            print(log.read_text(), file=sys.stderr)
            fail(f"{what} exited with {process.returncode}")
        try:
            if request("GET", "/healthz", port=port).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    print(log.read_text(), file=sys.stderr)
    fail(f"{what} did not answer /healthz on port {port}")


class Cookies(dict):
    def take(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self[name.strip()] = rest.split(";", 1)[0]

    def header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.items())} if self else {}


def hidden_fields(page: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[html.unescape(name.group(1))] = html.unescape(
                    value.group(1) if value else ""
                )
    return fields


def from_django(response: Response) -> bool:
    """Whether Sinergi made the response (its middleware adds Permissions-Policy to all)."""
    return "Permissions-Policy" in response.headers


# -- the check ----------------------------------------------------------------------------------


def ensure_debian_packages() -> None:
    missing = [
        package
        for command, package in (("nginx", "nginx-light"), ("openssl", "openssl"))
        if not shutil.which(command, path=os.environ.get("PATH", "") + ":/usr/sbin")
    ]
    if not missing:
        return
    step(f"apt-get install {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)


def sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 2).close()
    except OSError:
        return False
    return True


def flush_redis() -> None:
    """Empty the database of REDIS_URL (a number of its own, so nothing else is touched)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def verify_units(work: Path) -> None:
    """systemd's own check of the units (unknown keys, bad values), run from this checkout."""
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        print("   systemd-analyze not installed: units not verified")
        return
    units = work / "units"
    units.mkdir()
    names = ("sinergi.service", "sinergi-daily.service", "sinergi-daily.timer")
    for name in (*names, "sinergi-mail.service", "sinergi-mail.timer"):
        text = (DEPLOY / name).read_text().replace(CHECKOUT + "/", f"{REPO}/")
        (units / name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", *sorted(units.iterdir())], capture_output=True, text=True
    )
    expect(result.returncode == 0 and not result.stderr.strip(), f"systemd: {result.stderr}")
    on_calendar = unit_setting("sinergi-daily.timer", "OnCalendar")
    result = subprocess.run([analyze, "calendar", on_calendar], capture_output=True, text=True)
    expect(result.returncode == 0, f"OnCalendar={on_calendar}: {result.stderr}")
    print(f"   units verified; the timer runs sinergi-daily.service at {on_calendar}")


def check(work: Path, database: str) -> None:
    ensure_debian_packages()
    step("systemd-analyze verify deploy/*.service deploy/*.timer")
    verify_units(work)
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")

    step(f"PostgreSQL database {database}")
    sql(f"CREATE DATABASE {database}")

    var = work / "var"  # VAR_DIR: STATIC_ROOT and MEDIA_ROOT below it, as in .env.example
    var.mkdir()
    work.chmod(0o755)  # nginx's workers (nobody) read var/static/
    template = read_env_file(REPO / ".env.example")
    for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "VAR_DIR", "PROXY_COUNT"):
        expect(key in template, f".env.example lacks {key}")
    settings = {
        **template,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": f"https://{HOST}:{HTTPS_PORT}",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "VAR_DIR": str(var),
        "EMAIL_HOST": "",  # no mail server here: e-mail goes to the log
        "ADMINS": "",
        # The replica router in every request, with the primary standing in for a replica.
        "DATABASE_REPLICA_URL": f"{POSTGRES}/{database}",
        "API_ANON_RATE": f"{THROTTLE}/minute",
    }
    if redis_answers():
        settings["REDIS_URL"] = REDIS_URL
        flush_redis()
    expect(settings["DEBUG"] == "false", ".env.example should be production-style (DEBUG=false)")
    env_file = work / "sinergi.env"
    env_file.write_text("".join(f"{key}={shlex.quote(v)}\n" for key, v in settings.items()))
    # As under systemd: the environment file and little else.
    env = {key: os.environ[key] for key in ("PATH", "LANG", "HOME") if key in os.environ}
    env.update(read_env_file(env_file))

    working_directory = unit_setting("sinergi.service", "WorkingDirectory")
    expect(working_directory == CHECKOUT, f"WorkingDirectory is {working_directory}")
    python = str(REPO / ".venv/bin/python")
    for command in (
        ["check", "--deploy"],
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_regions"],
        ["load_reference"],
    ):
        step(f"manage.py {' '.join(command)}")
        run([python, "manage.py", *command], env)
    step("manage.py create_national_admin (the first national administrator)")
    run(
        [python, "manage.py", "create_national_admin", "--no-input"]
        + ["--email", ADMIN_EMAIL, "--full-name", "Admin Nasional"],
        {**env, "SINERGI_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    # A decree of the national working group with a signed scan: the private download.
    scan = b"%PDF-1.4\n% Sinergi deploy check\n%%EOF\n"
    decree = run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "import datetime\n"
            "from django.core.files.base import ContentFile\n"
            "from sinergi.decrees.models import Decree\n"
            "from sinergi.pokja.models import WorkingGroup\n"
            "d = Decree.objects.create(working_group=WorkingGroup.objects.get(region__code='ID'),"
            " number='1/SK/2026', signed_on=datetime.date(2026, 1, 5),"
            " valid_from=datetime.date(2026, 1, 5), valid_until=datetime.date(2026, 12, 31),"
            f" scan=ContentFile({scan!r}, 'sk.pdf'))\n"
            "print(d.pk, d.scan.name)",
        ],
        env,
    ).split()
    decree_id, scan_name = decree[-2], decree[-1]
    expect((var / "media" / scan_name).is_file(), f"the scan is not in MEDIA_ROOT: {scan_name}")

    step("two gunicorn instances with deploy/sinergi.service's ExecStart")
    (gunicorn,) = unit_exec_starts("sinergi.service")
    expect("--bind" in gunicorn, "deploy/sinergi.service: ExecStart has no --bind")
    bind = gunicorn.index("--bind") + 1
    for port in GUNICORN_PORTS:
        argv = [*gunicorn[:bind], f"{HOST}:{port}", *gunicorn[bind + 1 :]]
        log = work / f"gunicorn-{port}.log"
        wait_for(port, f"gunicorn on {port}", start(argv, env, log), log)
        print("   " + shlex.join(argv))

    step("nginx with deploy/nginx-sinergi.conf")
    certificate, key = work / "cert.pem", work / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}", "-keyout", key, "-out", certificate],
        check=True,
        capture_output=True,
    )
    conf = work / "nginx.conf"
    conf.write_text(nginx_conf(work, nginx_site(var, certificate, key)))
    test = subprocess.run([nginx, "-t", "-c", conf, "-p", work], capture_output=True, text=True)
    expect(test.returncode == 0, f"nginx -t: {test.stderr}")
    log = work / "nginx.log"
    wait_for(
        HTTPS_PORT,
        "nginx",
        start([nginx, "-c", conf, "-p", work, "-g", "daemon off;"], None, log),
        log,
    )

    step("checks through nginx")
    answer = request(
        "GET", "/pokja/?q=x", port=HTTP_PORT, headers={"Host": "sinergi.example.go.id"}
    )
    expect(answer.status == 301, f"plain HTTP: {answer.status}, not a redirect")
    location = answer.headers.get("Location")
    expect(location == "https://sinergi.example.go.id/pokja/?q=x", f"redirect to {location}")
    print("   http:// redirects to https://")

    answer = request("GET", "/healthz")
    expect(answer.status == 200 and answer.text.strip() == "ok", f"/healthz: {answer.status}")
    print("   /healthz: 200 ok")

    home = request("GET", "/", headers={"Accept-Encoding": "gzip"})
    expect(home.status == 200, f"home page: {home.status}")
    expect('<html lang="id">' in home.text, "the home page is not in Indonesian")
    expect(home.headers.get("Content-Encoding") == "gzip", "the home page is not gzipped")
    geojson = request("GET", "/pokja/peta.json", headers={"Accept-Encoding": "gzip"})
    expect(geojson.status == 200, f"/pokja/peta.json: {geojson.status}")
    expect(geojson.headers.get("Content-Encoding") == "gzip", "peta.json is not gzipped")
    print(f"   home page: 200, Indonesian, gzip ({len(home.body)} bytes); peta.json gzip")

    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    expect(stylesheet is not None, "no hashed stylesheet linked from the home page")
    css = request("GET", stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    expect(css.status == 200, f"{stylesheet.group(1)}: {css.status}")
    expect(not from_django(css), "the stylesheet came from gunicorn, not from nginx")
    expect(css.headers.get("Content-Type", "").startswith("text/css"), "stylesheet type")
    cache = css.headers.get("Cache-Control", "")
    expect("max-age=31536000" in cache, f"stylesheet Cache-Control: {cache!r}")
    unhashed = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", stylesheet.group(1))
    plain = request("GET", unhashed)
    expect(
        plain.status == 200 and "max-age=60" in plain.headers.get("Cache-Control", ""),
        f"{unhashed}: {plain.status} {plain.headers.get('Cache-Control')}",
    )
    print(f"   {stylesheet.group(1)}: 200 from nginx, {cache}")

    limit = 2 * int(settings.get("UPLOAD_MAX_MB", "10")) + 1  # max_request_bytes, in MB
    body = b"x" * (limit * 1024 * 1024 + 1)
    big = request("POST", "/akun/masuk/", body=body, headers={"Content-Type": "text/plain"})
    expect(
        big.status == 413 and from_django(big),
        f"{limit} MB + 1 byte: {big.status}, not Sinergi's 413",
    )
    too_big = request(
        "POST",
        "/akun/masuk/",
        body=b"x" * ((limit + 2) * 1024 * 1024),
        send_body=False,
        headers={"Content-Type": "text/plain"},
    )
    expect(too_big.status == 413 and not from_django(too_big), f"{limit + 2} MB: {too_big.status}")
    print(
        f"   upload limit: Sinergi's 413 page above {limit} MB, nginx's above client_max_body_size"
    )

    cookies = Cookies()
    page = request("GET", "/akun/masuk/")
    expect(page.status == 200, f"sign-in page: {page.status}")
    cookies.take(page)
    fields = {**hidden_fields(page.text), "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    from urllib.parse import urlencode

    origin = f"https://{HOST}:{HTTPS_PORT}"
    answer = request(
        "POST",
        "/akun/masuk/",
        body=urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + "/akun/masuk/",
            **cookies.header(),
        },
    )
    cookies.take(answer)
    expect(answer.status == 302 and "sessionid" in cookies, f"sign-in: {answer.status}")
    for _ in range(4):  # round-robin: both instances answer in turn
        dashboard = request("GET", "/dasbor/", headers=cookies.header())
        expect(dashboard.status == 200, f"dashboard through nginx: {dashboard.status}")
    for port in GUNICORN_PORTS:
        direct = request(
            "GET",
            "/akun/profil/",
            port=port,
            headers={"Host": HOST, "X-Forwarded-Proto": "https", **cookies.header()},
        )
        expect(
            direct.status == 200 and ADMIN_EMAIL in direct.text,
            f"the session on gunicorn {port}: {direct.status}",
        )
    print(f"   signed in through nginx; the session works on gunicorn {GUNICORN_PORTS}")

    path = f"/pokja/ID/sk/{decree_id}/pindaian/"
    mine = request("GET", path, headers=cookies.header())
    expect(mine.status == 200 and mine.body == scan, f"{path} signed in: {mine.status}")
    anonymous = request("GET", path)
    expect(anonymous.status in (302, 404), f"{path} anonymous: {anonymous.status}")
    media = request("GET", f"/media/{scan_name}")
    expect(media.status == 404 and scan not in media.body, f"/media/{scan_name}: {media.status}")
    print(f"   {path}: 200 signed in, {anonymous.status} anonymous; /media/…: 404")

    step("scaling out: throttle counters shared through Redis")
    if "REDIS_URL" in settings:
        answers = [
            request(
                "GET",
                "/api/regions/?page_size=1",
                port=port,
                headers={"Host": HOST, "X-Forwarded-Proto": "https"},
            ).status
            for _ in range(THROTTLE // 2 + 1)
            for port in GUNICORN_PORTS
        ]
        expect(
            answers[:THROTTLE] == [200] * THROTTLE and answers[THROTTLE] == 429,
            f"anonymous API answers across both instances: {answers}",
        )
        print(f"   {THROTTLE} API requests split over {GUNICORN_PORTS}, then 429: counted once")
    else:
        print("   Redis does not answer on 127.0.0.1:6379: not checked")

    step("the mail queue, and deploy/sinergi-mail.service's ExecStart line")
    page = request("GET", "/akun/sandi/lupa/")
    cookies.take(page)
    fields = {**hidden_fields(page.text), "email": ADMIN_EMAIL}
    answer = request(
        "POST",
        "/akun/sandi/lupa/",
        body=urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + "/akun/sandi/lupa/",
            **cookies.header(),
        },
    )
    expect(answer.status == 302, f"password reset: {answer.status}")
    (mail_line,) = unit_exec_starts("sinergi-mail.service")
    output = run(mail_line, env, timeout=120).strip().splitlines()[-1]
    expect("failed: 0" in output, f"send_queued_mail: {output}")
    log = run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from mailer.models import Message, MessageLog\n"
            "print(Message.objects.count(), MessageLog.objects.filter(result='1').count())",
        ],
        env,
    ).split()
    expect(log[-2:] == ["0", "1"], f"queue and sent log after the reset: {log}")
    print(f"   the reset e-mail left after the response; send_queued_mail: {output}")

    step("deploy/sinergi-daily.service's ExecStart lines")
    for argv in unit_exec_starts("sinergi-daily.service"):
        output = run(argv, env, timeout=600)
        print("   " + shlex.join(argv[1:]) + ": " + output.strip().splitlines()[-1])
    archives = list((var / "backups").glob("sinergi-*.tar.gz"))
    expect(len(archives) == 1, f"backup archives: {archives}")


def main() -> None:
    database = f"sinergi_deploy_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="sinergi-deploy-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("deploy check: terminated"))
    try:
        check(work, database)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        except Exception as error:  # noqa: BLE001 - cleaning up; report and go on
            print(f"could not drop {database}: {error}", file=sys.stderr)
        if os.environ.get("KEEP_DEPLOY_CHECK"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    step("deployment check passed")


if __name__ == "__main__":
    main()
