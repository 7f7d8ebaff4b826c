"""Settings, driven by the environment alone: production differs from development by values only."""

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from twintowns.lib.env import envbool, envheader, envint, envstr
from twintowns.lib.secret import load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(envstr("TWINTOWNS_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = envbool("TWINTOWNS_DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY", "") or load_or_create_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = envstr("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "simple_history",
    "twintowns.core",
    "twintowns.places",
    "twintowns.authorities",
    "twintowns.partnerships",
    "twintowns.networks",
    "twintowns.activities",
    "twintowns.insights",
    "twintowns.exchange",
    "twintowns.imports",
    "twintowns.reports",
    "twintowns.api",
    "twintowns.directory",
    "twintowns.portal",
    "twintowns.backups",
    "twintowns.demo",
    "ninja",
    "django_tasks_db",
]
# Speed at scale (`twintowns synth`, `twintowns bench`) is tooling beside the site, installed
# for development (`make install`) and left out of a production installation.
if find_spec("bench") is not None:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "twintowns.authorities.middleware.AuthorityMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twintowns.urls"
WSGI_APPLICATION = "twintowns.wsgi.application"
FORM_RENDERER = "twintowns.core.forms.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twintowns.authorities.context_processors.authority",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'twintowns.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the timeout waits out a brief lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: after AXES_FAILURE_LIMIT failures, a user name and address pair
# waits AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = envstr("LANGUAGE_CODE", "tr")
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Europe/Istanbul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Uploads: agreements, photos and minutes.
UPLOAD_MAX_BYTES = envint("TWINTOWNS_UPLOAD_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Imports: the bounds a spreadsheet is read within, each checked before the work it guards.
TWINTOWNS_IMPORT_MAX_MB = envint("TWINTOWNS_IMPORT_MAX_MB", 50)
TWINTOWNS_IMPORT_MAX_UNPACKED_MB = envint("TWINTOWNS_IMPORT_MAX_UNPACKED_MB", 100)
TWINTOWNS_IMPORT_MAX_ROWS = envint("TWINTOWNS_IMPORT_MAX_ROWS", 50_000)
TWINTOWNS_IMPORT_MAX_COLUMNS = envint("TWINTOWNS_IMPORT_MAX_COLUMNS", 100)
TWINTOWNS_IMPORT_MAX_CELL_CHARS = envint("TWINTOWNS_IMPORT_MAX_CELL_CHARS", 10_000)
# The check step posts one field a column and one a place to settle (at most 500 a round):
# past Django's 1,000 fields a request it would be refused bare (TooManyFieldsSent).
if not 1 <= TWINTOWNS_IMPORT_MAX_COLUMNS <= 400:
    raise ValueError(
        f"TWINTOWNS_IMPORT_MAX_COLUMNS={TWINTOWNS_IMPORT_MAX_COLUMNS} is not between 1 and 400"
    )

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production (README, "Production values"). Behind a proxy that ends TLS, the proxy's
# header says a request came over HTTPS; without it, the redirect below would never end.
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"
# Nothing loads from elsewhere: the office may be offline, and this policy forbids it anyway.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}


def _tile_source(url: str) -> str:
    """The CSP source of a tile URL template: its origin, a `{s}` subdomain as `*`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"TWINTOWNS_MAP_TILE_URL={url!r} is not an http(s) URL")
    host = ".".join("*" if "{" in label else label for label in parts.netloc.split("."))
    return f"{parts.scheme}://{host}"


# The partner map draws country outlines shipped with the code, so it works offline. Online,
# a tile server can draw the map instead, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
# with the attribution its terms ask for (HTML allowed); its tiles are then allowed in.
TWINTOWNS_MAP_TILE_URL = envstr("TWINTOWNS_MAP_TILE_URL", "")
TWINTOWNS_MAP_TILE_ATTRIBUTION = envstr("TWINTOWNS_MAP_TILE_ATTRIBUTION", "")
if TWINTOWNS_MAP_TILE_URL:
    SECURE_CSP["img-src"].append(_tile_source(TWINTOWNS_MAP_TILE_URL))

# "default": each process's own memory, for what is kept under a version in its key (pages,
# charts of one authority). "shared": one table every app server and the task worker read, for
# what the worker computes in the background (the union's figures); a large installation may
# point either at Redis or Memcached instead (README, "Running a large installation").
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "twintowns_cache",
    },
}

# Long jobs (large imports) run in the database queue; `twintowns serve` starts a `db_worker` beside
# gunicorn, and a large installation runs `twintowns db_worker` as its own process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Partnership health (insights): the thresholds and weights of the score, see README.md.
TWINTOWNS_HEALTH = {
    "dormant_years": envint("TWINTOWNS_HEALTH_DORMANT_YEARS", 3),
    "window_years": envint("TWINTOWNS_HEALTH_WINDOW_YEARS", 5),
    "expected_per_year": envint("TWINTOWNS_HEALTH_EXPECTED_PER_YEAR", 1),
    "themes_for_full": envint("TWINTOWNS_HEALTH_THEMES_FOR_FULL", 3),
    "weights": {
        "recency": envint("TWINTOWNS_HEALTH_WEIGHT_RECENCY", 1),
        "frequency": envint("TWINTOWNS_HEALTH_WEIGHT_FREQUENCY", 1),
        "reciprocity": envint("TWINTOWNS_HEALTH_WEIGHT_RECIPROCITY", 1),
        "breadth": envint("TWINTOWNS_HEALTH_WEIGHT_BREADTH", 1),
        "follow_through": envint("TWINTOWNS_HEALTH_WEIGHT_FOLLOW_THROUGH", 1),
    },
}

# Demo: the password of the demo users (printed at random when unset).
TWINTOWNS_DEMO_PASSWORD = envstr("TWINTOWNS_DEMO_PASSWORD", "")
