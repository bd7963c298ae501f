"""Settings for Sinergi, read from the environment.

Defaults let `make run` work right after a clone (development: DEBUG on, SQLite under var/).
Production is DEBUG=false: then SECRET_KEY and ALLOWED_HOSTS are required, cookies are secure
and HTTPS is enforced (see README, "Configuration").
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envsecret(name: str, default: str = "") -> str:
    """The value of NAME, or the contents of the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Django's SECURE_PROXY_SSL_HEADER for a header name such as X-Forwarded-Proto."""
    name = name.strip()
    return ("HTTP_" + name.upper().replace("-", "_"), "https") if name else None


def default_site_url(debug: bool, hosts: list[str]) -> str:
    if not debug and hosts and not hosts[0].startswith((".", "*")):
        return f"https://{hosts[0]}"
    return "http://127.0.0.1:8000"


def development_secret_key() -> str:
    """A key generated once into var/, so development sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY") or (development_secret_key() if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is false.")
# Former keys, still accepted for signatures while a new SECRET_KEY takes over (rotation,
# docs/operations.md): comma-separated.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The public address that e-mails link to. In production it defaults to HTTPS on the first host
# of ALLOWED_HOSTS when that is a plain name (sinergi.W001 warns while it points at 127.0.0.1).
SITE_URL = (os.environ.get("SITE_URL") or default_site_url(DEBUG, ALLOWED_HOSTS)).rstrip("/")

INSTALLED_APPS = [
    "sinergi.accounts",
    "sinergi.regions",
    "sinergi.pokja",
    "sinergi.decrees",
    "sinergi.formation",
    "sinergi.monitoring",
    "sinergi.planning",
    "sinergi.programmes",
    "sinergi.facilities",
    "sinergi.meetings",
    "sinergi.pages",
    "sinergi.library",
    "sinergi.knowledge",
    "sinergi.news",
    "sinergi.search",
    "sinergi.activeness",
    "sinergi.portal",
    "sinergi.api",
    "sinergi.opendata",
    "sinergi.apps.SinergiConfig",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "mailer",  # the outgoing mail queue (sinergi/lib/mail.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "sinergi.lib.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After CSRF, sign-in and messages: claims a form page's token before its view runs.
    "sinergi.accounts.once.SubmitOnceMiddleware",
    # Inside the claim above: a conflict page is an answer that drops the claim.
    "sinergi.lib.middleware.IntegrityConflictMiddleware",
    "sinergi.lib.deferred.AfterResponseMiddleware",
    # Before anything that reads the body (request.POST), after what its 413 page needs.
    "sinergi.lib.middleware.RejectOversizedRequestsMiddleware",
    "sinergi.lib.middleware.RejectNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.portal.context_processors.site",
                "sinergi.accounts.context_processors.notifications",
            ],
            "builtins": ["sinergi.accounts.templatetags.submit_once"],
        },
    },
]

# The cache shared by every worker and server: the throttles' and lockouts' counters and the
# figures of lib/cache.py, which are dropped when their data changes. By default the database's
# own cache table (migrate creates it: nothing else to install or run); Redis when REDIS_URL
# names one (faster, and lighter on the database under load). CACHE=memory gives each process
# its own (the test suite: counted queries stay the page's own).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
elif os.environ.get("CACHE") == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sinergi_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sinergi.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
# A read replica of the PostgreSQL primary (streaming replication): pages read by GET go to it,
# writes and whoever just wrote to the primary (sinergi/lib/replicas.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sinergi.lib.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(1, "sinergi.lib.replicas.ReplicaMiddleware")
# Seconds after a write during which a client reads from the primary only.
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "10")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A writer waits up to 20 s for the lock instead of failing with "database is locked".
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "sinergi.accounts.backends.SignInLimitBackend",  # django-axes, plus a limit per address
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pokja:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Requests for a password-reset link accepted per hour, from one client address and for one
# e-mail address; more are refused (429) and send nothing.
PASSWORD_RESET_LIMIT_PER_ADDRESS = envint("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10")
PASSWORD_RESET_LIMIT_PER_EMAIL = envint("PASSWORD_RESET_LIMIT_PER_EMAIL", "3")

# Failed sign-ins: after AXES_FAILURE_LIMIT failures for one e-mail from one address, that pair
# is refused for AXES_COOLOFF_MINUTES; after SIGN_IN_ADDRESS_FAILURE_LIMIT failures from one
# address over any e-mails, the whole address is (one password tried on many accounts).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # AuthenticationForm's field, which holds the e-mail
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
SIGN_IN_ADDRESS_FAILURE_LIMIT = envint("SIGN_IN_ADDRESS_FAILURE_LIMIT", "20")
# Reverse proxies in front of Sinergi that append to X-Forwarded-For (0: clients connect directly).
PROXY_COUNT = envint("PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "sinergi.lib.network.client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Uploaded files go through the storage API, so an object store can replace the disk by
    # naming its backend (e.g. storages.backends.s3.S3Storage) in MEDIA_STORAGE.
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    # An S3-compatible object store (MinIO, Ceph, a cloud's) shared by every application server
    # (`pip install '.[s3]'`; docs/operations.md, "Scaling out"). The bucket stays private:
    # every download goes through Sinergi, which decides who may read it; names are never
    # overwritten, as on disk.
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ.get("S3_BUCKET", ""),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
        "secret_key": envsecret("S3_SECRET_ACCESS_KEY"),
        "location": os.environ.get("S3_PREFIX", ""),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }

# Uploads (decree scans, evidence, documents): the largest file accepted, in megabytes.
UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", "10")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A decree "expires soon" this many days before the end of its validity.
DECREE_EXPIRING_DAYS = envint("DECREE_EXPIRING_DAYS", "60")
# Whether whoever entered an indicator value may also verify it (one-person offices); by
# default verification is a second person's act.
VALUES_SELF_VERIFICATION = envbool("VALUES_SELF_VERIFICATION", "false")
# Who publishes the open data of this installation (/data/ and its DCAT catalogue).
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Sekretariat Pokja AMPL Nasional")

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
# Seconds an SMTP connection may wait for the server: a server that accepts and never answers
# must not hang a request or the daily run.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
# Every e-mail is queued in the database with the work that sent it and sent after the commit,
# outside the request (sinergi/lib/mail.py); MAILER_EMAIL_BACKEND is what really sends: SMTP
# when EMAIL_HOST is set, otherwise the console (development).
EMAIL_BACKEND = "sinergi.lib.mail.QueueBackend"
MAILER_EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
MAILER_ERROR_HANDLER = "sinergi.lib.mail.on_delivery_failure"
MAILER_USE_FILE_LOCK = False  # row locks in the database keep two senders apart
# Tries of a deferred message by send_queued_mail (every 5 minutes: 288 tries is a day).
MAILER_EMAIL_MAX_RETRIES = envint("MAIL_MAX_RETRIES", "288")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sinergi <sinergi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", email) for email in envlist("ADMINS", "")]

if not DEBUG:
    # A request counts as HTTPS when the TLS-terminating proxy says so in this header (which it
    # must overwrite). Empty when clients connect to Sinergi directly: then no header is trusted.
    SECURE_PROXY_SSL_HEADER = proxy_ssl_header(
        os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    )
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts, styles, images and requests come from Sinergi
# itself; no inline script or style anywhere (page data travels in data-* attributes), no
# plugins, no framing, forms post only here. The API docs page adds data: images for Swagger
# UI's icons (sinergi/api/urls.py). Nonces are not used: no page needs inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: browser features no page of Sinergi uses (the maps do not locate the user),
# denied to the pages and anything they might embed (sinergi.lib.middleware). Only features
# chromium knows: it logs a console warning for any other name.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sinergi.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Requests per client: anonymous ones by address, signed-in ones by user. Beyond the rate
    # the API answers 429 with Retry-After. Counted in the default cache (shared between
    # processes only with REDIS_URL).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
    },
    # The client address for the anonymous rate, trusting X-Forwarded-For as far as
    # PROXY_COUNT proxies (DRF's default would trust the whole header).
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "sinergi.api.pagination.Pagination",
    # django-filter with ids that match nothing giving an empty list (sinergi/api/filters.py)
    "DEFAULT_FILTER_BACKENDS": ["sinergi.api.filters.FilterBackend"],
    # Every error answers {"detail": ..., "code": ...} (sinergi/api/errors.py), and the schema
    # documents each operation's errors in that shape (sinergi/api/schema.py).
    "EXCEPTION_HANDLER": "sinergi.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "sinergi.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "sinergi.api.renderers.BrowsableAPIRenderer",  # its own CSP
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sinergi API",
    "DESCRIPTION": (
        "Open data and working API of Indonesia's water and sanitation working groups.\n\n"
        "Open data needs no sign-in. Working data needs a token: sign in, open your profile "
        "(`/akun/token/`), make a token (a name, 30, 90 or 365 days, optionally read-only) and "
        "copy its key, which is shown only once. Send it as `Authorization: Token <key>` (or "
        "`Bearer <key>`). An unknown, expired or revoked token gets 401; a read-only token "
        "gets 403 on anything but GET, HEAD and OPTIONS.\n\n"
        "Requests are limited per minute (by default 120 without a token, by client address, "
        "and 600 with one, by user); beyond that the answer is 429 with `Retry-After`, the "
        "seconds to wait."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A choice field that may be blank or null says so with "" or null in its enum.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": True,
    # Choice sets used by several fields get one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "SourceEnum": "sinergi.monitoring.models.Source",
        "MethodEnum": "sinergi.monitoring.models.Method",
        "PeriodEnum": "sinergi.monitoring.models.Period",
        "MeetingKindEnum": "sinergi.meetings.models.Meeting.Kind",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # One line per failed request while the database is down, not a traceback each.
        "database_down": {"()": "sinergi.lib.errors.DatabaseDownFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's own setting (errors mailed to ADMINS), plus the filter.
        "django.request": {"handlers": ["mail_admins"], "filters": ["database_down"]},
    },
}
