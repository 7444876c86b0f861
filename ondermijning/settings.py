"""Settings for Ondermijning: one module, every knob read from the environment."""

import base64
import binascii
import secrets
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
TESTING = "pytest" in sys.modules

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A stable key for development and tests, generated once into var/."""
    path = VAR_DIR / "secret_key.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = _development_secret_key()
# Without DEBUG and without SECRET_KEY the key stays empty: commands that sign nothing (migrate,
# makemigrations, check) still run, Django refuses any use of the empty key, and the web entry
# point (ondermijning/wsgi.py) refuses to start.


def _audit_sleutels(waarde: str) -> dict[int, bytes]:
    """`"1:<base64>,2:<base64>"` -> {1: key, 2: key}: the HMAC keys of the audit chain by key id.
    Id 0 is not a key (an event without one never verifies); a key has at least 32 bytes."""
    sleutels = {}
    for deel in filter(None, (d.strip() for d in waarde.split(","))):
        sleutel_id, _, gecodeerd = deel.partition(":")
        if not sleutel_id.isdigit() or int(sleutel_id) < 1:
            raise ValueError("AUDIT_HMAC_SLEUTELS: elke sleutel heeft een id vanaf 1, als '1:<base64>'.")
        try:
            sleutel = base64.b64decode(gecodeerd.strip(), validate=True)
        except binascii.Error as fout:
            raise ValueError(f"AUDIT_HMAC_SLEUTELS: sleutel {sleutel_id} is geen base64.") from fout
        if len(sleutel) < 32:
            raise ValueError(f"AUDIT_HMAC_SLEUTELS: sleutel {sleutel_id} is korter dan 32 bytes.")
        sleutels[int(sleutel_id)] = sleutel
    return sleutels


def _development_audit_sleutel() -> str:
    """A stable audit key for development and tests, generated once into var/ (like the SECRET_KEY)."""
    path = VAR_DIR / "audit_sleutel.txt"
    if not path.exists():
        path.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return f"1:{path.read_text().strip()}"


# The audit chain's HMAC keys (see ondermijning/audit.py and README): never in the database. Rotate by
# adding a key with a new id and making it current; keep the old ones as long as their events must
# verify. Without DEBUG and without keys the web entry point refuses to start, like SECRET_KEY.
AUDIT_HMAC_SLEUTELS = _audit_sleutels(env("AUDIT_HMAC_SLEUTELS", default=""))
if not AUDIT_HMAC_SLEUTELS and (DEBUG or TESTING):
    AUDIT_HMAC_SLEUTELS = _audit_sleutels(_development_audit_sleutel())
AUDIT_HMAC_SLEUTEL_ID = env.int("AUDIT_HMAC_SLEUTEL_ID", default=max(AUDIT_HMAC_SLEUTELS, default=0))
# Anchors of the chain's head outside the database (`manage.py audit_anker`, daily): appended as JSON
# lines to this file (make it append-only: `chattr +a`), written to the log and mailed to these addresses.
AUDIT_ANKER_BESTAND = env("AUDIT_ANKER_BESTAND", default="")
AUDIT_ANKER_EMAIL = env.list("AUDIT_ANKER_EMAIL", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "ondermijning",
    "signalen",
    "controles",
    "actieplan",
    "taken",
    "documenten",
    "procedures",
    "meldingen",
    "api",
    "demo",
    "bench",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_filters",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
]

MIDDLEWARE = [
    "ondermijning.middleware.VertrouwdeProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ondermijning.middleware.BeveiligingsHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ondermijning.beveiliging.SessieLimietMiddleware",
    "ondermijning.beveiliging.TweeFactorMiddleware",
    "ondermijning.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ondermijning.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ondermijning.urls"
WSGI_APPLICATION = "ondermijning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ondermijning.context_processors.navigatie",
                "meldingen.context_processors.bel",
            ],
        },
    },
]

# SQLite under var/ by default: `make run` needs no database server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Persistent connections (issue 21): opening a PostgreSQL connection per request cost more than
    # many a page's queries. Health checks drop a connection the server closed before it is reused.
    # Behind pgbouncer in transaction mode set CONN_MAX_AGE=0 (pgbouncer then keeps them open).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's price of a random page read (issue 21). PostgreSQL's default 4 assumes spinning
    # disks; on SSD or a database that fits in memory 1.1 is the usual setting. With 4 the planner
    # ANDed a search's GIN lookup (1,409 signals) with a bitmap of every signal of the user's
    # municipalities (285,754 at 1M: 32 of the query's 44 ms) to save heap reads that cost next to
    # nothing here; with 1.1 it reads the 1,409 rows (4.6 ms). A server setting, sent per connection
    # so that it holds wherever the app is deployed; PG_RANDOM_PAGE_COST=4 restores the default.
    opties = DATABASES["default"].setdefault("OPTIONS", {})
    opties["options"] = " ".join(
        filter(None, [opties.get("options"), f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"])
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for several users at once (every page view writes the session and the audit trail):
    # - WAL: readers never wait for the writer and the writer never waits for readers;
    # - BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so one that read first
    #   never has to upgrade its lock later (SQLite refuses that upgrade at once, without waiting,
    #   with "database is locked"); writers queue instead;
    # - timeout: how long a writer waits in that queue (seconds) before it gives up;
    # - synchronous=NORMAL: with WAL still safe against corruption, fsync at checkpoints only.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ondermijning.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "mijn_werk"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ondermijning.oidc.WachtwoordBackend",
    "ondermijning.oidc.OidcBackend",
]

# Login through the municipality's identity provider (OpenID Connect, ondermijning/oidc.py). Normally
# configured by the beheerder in the admin ("Identity provider (OIDC)"); OIDC_ISSUER set here overrides
# that with the variables below for a fixed deployment. Group mappings: "groep=rol,groep2=rol" and
# "groep=GM0226|GM0293". See README, "Inloggen via de identity provider".
OIDC_ISSUER = env("OIDC_ISSUER", default="")
OIDC_NAAM = env("OIDC_NAAM", default="de identity provider")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_CLAIM_GEBRUIKERSNAAM = env("OIDC_CLAIM_GEBRUIKERSNAAM", default="preferred_username")
OIDC_CLAIM_GROEPEN = env("OIDC_CLAIM_GROEPEN", default="groups")
OIDC_ROLLEN = env.dict("OIDC_ROLLEN", default={})
OIDC_GEMEENTEN = env.dict("OIDC_GEMEENTEN", default={})
OIDC_TELT_ALS_TWEEDE_FACTOR = env.bool("OIDC_TELT_ALS_TWEEDE_FACTOR", default=False)
OIDC_CONTACT_TOEGANG = env("OIDC_CONTACT_TOEGANG", default="de functioneel beheerder Ondermijning van uw gemeente")
# Password login off for everyone but break-glass accounts (Gebruiker.noodaccount), with an active provider.
WACHTWOORD_INLOGGEN_UIT = env.bool("WACHTWOORD_INLOGGEN_UIT", default=False)

# Two-factor login for every account. Only the demo (`make run`) may switch it off.
OTP_VERPLICHT = env.bool("OTP_VERPLICHT", default=True)
OTP_TOTP_ISSUER = "Ondermijning"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8... seconds wait after consecutive wrong codes

# Brute force: lock a username + IP combination after 5 failures for an hour (database handler).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "ondermijning.views.geblokkeerd"
AXES_RESET_ON_SUCCESS = True
# The same client IP as the audit trail: X-Forwarded-For counts only from TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "ondermijning.middleware.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing with the production hasher makes every login in the suite take ~0.3 s.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions live in the database, never in Redis: the site keeps working when Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSIE_ABSOLUUT_MAX = env.int("SESSIE_ABSOLUUT_MAX", default=10 * 60 * 60)  # 10 hours, then log in again
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads (photos of visits) are personal data: stored outside the web root, served by a
# scoped view only.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-niet-publiek/"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ondermijning@localhost")

# Exports bigger than this run as background jobs (meldingen) instead of in the request: rows of
# the signal list (XLSX), items on an overleg agenda (PDF), signals of the year (jaaroverzicht PDF).
EXPORT_ACHTERGROND_VANAF = {
    "signalenlijst-xlsx": env.int("EXPORT_ACHTERGROND_XLSX_VANAF", default=2000),
    "overleg-agenda": env.int("EXPORT_ACHTERGROND_AGENDA_VANAF", default=40),
    "jaaroverzicht": env.int("EXPORT_ACHTERGROND_JAAROVERZICHT_VANAF", default=5000),
}

# Celery: without REDIS_URL tasks run eagerly in-process, so `make run` needs no Redis.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work (celery beat; under `make run` the in-process planner of meldingen/planner.py).
CELERY_BEAT_SCHEDULE = {
    "herinneringen-scan": {"task": "meldingen.herinneringen_scan", "schedule": crontab(minute=5)},
    "herinneringen-verstuur": {"task": "meldingen.herinneringen_verstuur", "schedule": 60.0},
    "exports-onderhoud": {"task": "meldingen.exports_onderhoud", "schedule": 60.0},
    # Requests append audit events without a lock; this links them into the chain (ondermijning/audit.py).
    "audit-verzegel": {"task": "meldingen.audit_verzegel", "schedule": 5.0},
    "audit-verify": {"task": "meldingen.audit_verify", "schedule": crontab(hour=6, minute=0)},
    "opschonen": {"task": "meldingen.opschonen", "schedule": crontab(hour=2, minute=30)},
    "audit-anker": {"task": "meldingen.audit_anker", "schedule": crontab(hour=5, minute=55)},
}
# Links in e-mails point here.
BASIS_URL = env("BASIS_URL", default="http://127.0.0.1:8000")

# Shared by every worker process and host, so the API rate limit (api/throttling.py) counts all
# requests, not one process's share. In the database, not in Redis: the site keeps working when
# Redis is down. The table is made by migration ondermijning 0006_cachetabel (createcachetable).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ondermijning_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

# The API (api/) configures its views itself; drf-spectacular needs its schema class as the default.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict Content Security Policy: no inline script or style anywhere, no third-party host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy (ondermijning.middleware): the browser features a page may use; () is none.
# The tablet takes photos with <input type="file" capture>, which opens the system camera app and
# needs no camera permission, so even the camera stays off.
PERMISSIONS_POLICY = {
    functie: []
    for functie in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}

# Production hardening; `DEBUG=1` (make run) switches it off for plain http on localhost.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # The __Host- prefix: browsers keep the cookie only if it is Secure, has Path=/ and no Domain,
    # so no other (sub)domain and no plain-http page can set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Addresses (CIDR) of our own reverse proxies. Only a request from one of them has its
# X-Forwarded-For / -Proto / -Host read (ondermijning.middleware.VertrouwdeProxyMiddleware);
# from anyone else those headers are dropped. Empty: the app is reached directly, trust no header.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
for _vervallen in ("BEHIND_PROXY", "NUM_PROXIES"):
    if _vervallen in env.ENVIRON:
        # Trusting a number of hops trusted whoever reached the app; refuse to start half-configured.
        raise ImproperlyConfigured(f"{_vervallen} is vervallen: zet TRUSTED_PROXIES (CIDR van de reverse proxy).")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Anchors of the audit chain go to the log stream whatever LOG_LEVEL says.
    # WeasyPrint reports every layout step at INFO (seven lines per PDF): only its warnings are news.
    "loggers": {
        "ondermijning.audit.anker": {"level": "INFO"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
