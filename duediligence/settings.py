"""Settings for duediligence, read from environment variables.

Every value has a safe development default, so `make run` needs nothing set. Production sets at least
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL (see README.md and docs/deployment.md).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from duediligence.lib.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY in the environment.")

# The secret the organisations' signing keys are encrypted with (signing/keys.py). It lives in the environment, never
# in the database, so a copy of the database holds no usable key. Changing it makes the stored keys unreadable.
DEVELOPMENT_SIGNING_KEY_SECRET = "development-only-signing-key-secret"
SIGNING_KEY_SECRET = env_str("SIGNING_KEY_SECRET", DEVELOPMENT_SIGNING_KEY_SECRET)
if not DEBUG and SIGNING_KEY_SECRET == DEVELOPMENT_SIGNING_KEY_SECRET:
    raise ImproperlyConfigured(
        "DEBUG is off but SIGNING_KEY_SECRET is the development secret: set SIGNING_KEY_SECRET in the environment."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin on the operator's site: two factors, no authenticator secrets, changes logged.
    "duediligence.security.admin_apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes: one-time codes for when the phone is lost (django-otp's static tokens).
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "duediligence.accounts",
    "duediligence.questionnaires",
    "duediligence.assessments",
    "duediligence.risks",
    "duediligence.audits",
    "duediligence.engagement",
    "duediligence.grievances",
    "duediligence.respondents",
    "duediligence.signing",
    "duediligence.records",
    "duediligence.review",
    "duediligence.partners",
    "duediligence.reports",
    "duediligence.statements",
    "duediligence.transfer",
    "django_tasks",
    "django_tasks_db",
    "duediligence.dashboard",
    "duediligence.demo",
    "duediligence.security",
    "rest_framework",
    "drf_spectacular",
    "duediligence.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Signed-in pages and the API, even those refused at the door: never kept by a shared cache or the history.
    "duediligence.lib.security_headers.PrivatePagesMiddleware",
    "duediligence.lib.bad_input.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "duediligence.security.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duediligence.lib.security_headers.ContentSecurityPolicyMiddleware",
    # A write that PostgreSQL refused because it would change frozen content is the 409 refusal, not a 500.
    "duediligence.lib.frozen.FrozenRefusalMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duediligence.urls"
WSGI_APPLICATION = "duediligence.wsgi.application"

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
                "duediligence.accounts.context_processors.navigation",
            ],
            "libraries": {
                "fragments": "duediligence.lib.fragments",
                "text": "duediligence.lib.text",
                "translated": "duediligence.lib.translation_tags",
            },
        },
    },
]

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/duediligence"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", DEFAULT_DATABASE_URL),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a PostgreSQL URL: {error}") from None
if "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL (postgres://...): no other database is supported."
    )
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
# Behind PgBouncer in transaction pooling (docs/deployment.md) each transaction may run on another server
# session, so nothing may outlive a transaction. Django's server-side cursors do: QuerySet.iterator() outside a
# transaction declares a WITH HOLD cursor and fetches from it in later transactions. With this on, iterator()
# reads through client-side cursors instead. The app holds no other session state (tests/session_state.py).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_TRANSACTION_POOLING", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Then the per-account ceiling across addresses (security/throttle.py), also before any password check.
    "duediligence.security.throttle.AccountThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGN_IN_ACCOUNT_CEILING = env_int("SIGN_IN_ACCOUNT_CEILING", 20)
# The REST API (/api/v1/, duediligence/api/): personal tokens only, JSON only. No browsable API and no session
# authentication, so no page of ours or anyone's can call it with a person's cookie.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["duediligence.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["duediligence.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "duediligence.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "duediligence API",
    "DESCRIPTION": "Human rights due diligence records: assessments, answers, risks, audits, partners and screening, "
    "the review workflow and published reports. The same rules as the pages; authenticate with a personal token "
    "made on your Account page (Authorization: Bearer dd_...).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Two "category" choice sets (a partner's and a risk's): each gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PartnerCategoryEnum": "duediligence.partners.models.Category",
        "RiskCategoryEnum": "duediligence.risks.models.Category",
        # The public report's form, asked as one `variant` or a list of `variants`: one choice set, one name.
        "VariantEnum": "duediligence.reports.models.Variant",
    },
}
# Requests one API token may make per minute (duediligence/security/api_tokens.py); more are answered 429.
API_TOKEN_REQUESTS_PER_MINUTE = env_int("API_TOKEN_REQUESTS_PER_MINUTE", 120)
SIGN_IN_ACCOUNT_WINDOW_MINUTES = env_int("SIGN_IN_ACCOUNT_WINDOW_MINUTES", 60)
SIGN_IN_SLOWDOWN_SECONDS = env_int("SIGN_IN_SLOWDOWN_SECONDS", 30)
SIGN_IN_KNOWN_ADDRESS_DAYS = env_int("SIGN_IN_KNOWN_ADDRESS_DAYS", 90)

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one email address from one client
# address, that pair is refused for AXES_COOLOFF_MINUTES; an organisation admin can lift it early from the
# members page, a superuser in the admin site ("Access attempts").
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field is "username" (it holds the email address), whatever the user model calls it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "duediligence.security.lockout.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "duediligence.security.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "duediligence.security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Every request would otherwise write an access-log row; our security log records sign-ins instead.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "duediligence")
# A second belt to security/admin.py, which lists devices without their secrets: should django-otp's own admin
# pages ever be mounted, they hide keys, configuration URIs, QR codes and recovery codes too.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The language questionnaires and the grievance mechanism's texts are written in; other languages are translations.
CONTENT_LANGUAGE = "en"
# The languages of the pages people outside the company use, per kind of page, the content's language first. URLs,
# language switches, catalogues (`make messages`) and tests follow from this setting; docs/languages.md says how
# to add a language (a catalogue, translations of the content, a line here). A deployment may offer fewer, e.g.
# GRIEVANCE_LANGUAGES=en,zh-hans; the system check refuses a language without its catalogue. The rest of the app
# is English.
PUBLIC_LANGUAGES: dict[str, list[str]] = {
    "grievance": env_list("GRIEVANCE_LANGUAGES", ["en", "zh-hans", "ug"]),
    "respondent": env_list("RESPONDENT_LANGUAGES", ["en", "zh-hans"]),
}
# Django's list: every public language, each named in itself.
LANGUAGES = [
    (code, LANG_INFO[code]["name_local"] if code in LANG_INFO else code)
    for code in dict.fromkeys(code for codes in PUBLIC_LANGUAGES.values() for code in codes)
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# Evidence and report files are private: MEDIA_ROOT is never served by URL, only through views that check
# who is asking (see duediligence/lib/downloads.py).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# No URL pattern serves this prefix (tests prove it 404s); Django's test live server only needs it to be a string.
MEDIA_URL = "/media-is-never-served/"
# In production WhiteNoise serves hashed, compressed files made by `collectstatic`; development and tests
# serve the sources as they are (runserver and the test live server do that themselves).
SERVE_COLLECTED_STATIC = not DEBUG and env_bool("STATIC_MANIFEST", True)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if SERVE_COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
if SERVE_COLLECTED_STATIC:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Evidence, audit reports and rendered reports on S3-compatible object storage (django-storages), so that web
# and worker processes on several machines share them: FILE_STORAGE=s3 (docs/deployment.md). The bucket stays
# private; files still reach people only through the permission-checked views. Credentials come from the
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or an instance role), never from settings.
FILE_STORAGE = env_str("FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", ""),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "location": env_str("S3_PREFIX", "duediligence"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "object_parameters": {"ServerSideEncryption": env_str("S3_SERVER_SIDE_ENCRYPTION", "AES256")},
        },
    }
    if not env_str("S3_BUCKET", ""):
        raise ImproperlyConfigured("FILE_STORAGE is s3 but S3_BUCKET is not set.")
elif FILE_STORAGE != "local":
    raise ImproperlyConfigured(f"FILE_STORAGE must be local or s3, not {FILE_STORAGE!r}.")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "duediligence <noreply@localhost>")
# The port `make run` serves on (PORT=8101 make run); the links in emails follow it unless SITE_URL says otherwise.
PORT = env_int("PORT", 8000)
SITE_URL = (env_str("SITE_URL", "") or f"http://127.0.0.1:{PORT}").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production defaults (DEBUG off): HTTPS only, HSTS for a year. Each can be set explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Preload asks browsers to hard-code HTTPS for the domain; set SECURE_HSTS_PRELOAD=false if that is not wanted.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
CSRF_COOKIE_HTTPONLY = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The password every demo user gets from `seed_demo`; documented in README.md, for development only.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-password-2026")
# The authenticator key (base32) of the demo managers and admins, who must sign in with two factors.
DEMO_TOTP_KEY = env_str("DEMO_TOTP_KEY", "MR2W KZDJ NRUW OZLO MNSS 2ZDF NVXS 2MBR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; the security log keeps them instead.
        "axes": {"level": "WARNING"},
        # pikepdf (cleaning files sent with grievances) announces its logger at INFO on import.
        "pikepdf": {"level": "WARNING"},
    },
}

# The security log keeps events this many days; `manage.py security_log_retention` (daily, from cron or a
# timer) removes older ones, the only deletion PostgreSQL allows on that table.
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 400)

# Evidence uploads: the largest file accepted, in bytes (checked by the app, and a little above it by Django
# so that the app can say how large the refused file was).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# No request body, whatever the page, may be larger than the largest file plus its form: refused on its declared
# length before it is read (413), and, sent in chunks without a length, measured at the door as it is read.
REQUEST_BODY_MAX_BYTES = EVIDENCE_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "duediligence.lib.bad_input.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Partner CSV imports: more rows than this are refused whole (split the file instead).
PARTNER_IMPORT_MAX_ROWS = env_int("PARTNER_IMPORT_MAX_ROWS", 20_000)
# Days an organisation gives itself to answer a request for information (the log proposes this due date).
INFORMATION_REQUEST_RESPONSE_DAYS = env_int("INFORMATION_REQUEST_RESPONSE_DAYS", 21)
# The public grievance pages: cases one address may send per hour, and wrong follow-up tries per hour from one
# address and against one case code (counters expire and are never linked to cases: grievances/throttle.py).
GRIEVANCE_CASES_PER_HOUR = env_int("GRIEVANCE_CASES_PER_HOUR", 5)
GRIEVANCE_FOLLOW_UP_TRIES_PER_HOUR = env_int("GRIEVANCE_FOLLOW_UP_TRIES_PER_HOUR", 20)
GRIEVANCE_FOLLOW_UP_TRIES_PER_CODE = env_int("GRIEVANCE_FOLLOW_UP_TRIES_PER_CODE", 5)
# Grievance cases are encrypted (docs/grievances.md). A person's private key is wrapped under a key derived from
# their password with Argon2id at this cost: libsodium's "interactive" level (2 passes over 64 MiB, about 70 ms
# here), the work of every sign-in. A reporter's passphrase is drawn at random (about 79 bits), so guessing it is
# hopeless whatever the cost; its key is derived at a light cost (1 pass, 8 MiB) to keep the pages quick.
PERSONAL_KEY_KDF_OPSLIMIT = env_int("PERSONAL_KEY_KDF_OPSLIMIT", 2)
PERSONAL_KEY_KDF_MEMLIMIT = env_int("PERSONAL_KEY_KDF_MEMLIMIT", 64 * 1024 * 1024)
GRIEVANCE_PASSPHRASE_KDF_OPSLIMIT = env_int("GRIEVANCE_PASSPHRASE_KDF_OPSLIMIT", 1)
GRIEVANCE_PASSPHRASE_KDF_MEMLIMIT = env_int("GRIEVANCE_PASSPHRASE_KDF_MEMLIMIT", 8 * 1024 * 1024)
# How long a reporter's case page stays open without a click before they enter the code and passphrase again.
GRIEVANCE_REPORTER_IDLE_MINUTES = env_int("GRIEVANCE_REPORTER_IDLE_MINUTES", 30)
# Wrong one-time codes a partner respondent may type per hour for one invitation (four times that per address).
RESPONDENT_CODE_TRIES_PER_HOUR = env_int("RESPONDENT_CODE_TRIES_PER_HOUR", 5)
PARTNER_IMPORT_MAX_BYTES = env_int("PARTNER_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Files the commands read (an export to import, a screening list, a questionnaire definition): a larger one is
# refused in one line before it is read (lib/parsing.py). OpenSanctions' full targets.simple.csv is the largest
# we know of, a few hundred MB.
INPUT_FILE_MAX_BYTES = env_int("INPUT_FILE_MAX_BYTES", 2 * 1024 * 1024 * 1024)

# A render job is stopped after this long, and one still "running" after it (its worker died) is marked failed;
# a job no worker took within the queue limit is reported too.
RENDER_JOB_TIME_LIMIT_SECONDS = env_int("RENDER_JOB_TIME_LIMIT_SECONDS", 600)
RENDER_JOB_QUEUE_LIMIT_SECONDS = env_int("RENDER_JOB_QUEUE_LIMIT_SECONDS", 1800)

# Slow work (report rendering) runs in a worker fed by a queue in PostgreSQL: `python manage.py render_worker`.
# TASKS_BACKEND=immediate runs tasks in the request instead (used by the tests).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[env_str("TASKS_BACKEND", "database")]}}

# Parts of pages that change only when their assessment does (the overview, a section, the partner list, the
# review page, the manager's table) are cached in PostgreSQL, so every web node shares them and no new service
# is needed, keyed on the assessment's content version (assessments/content_version.py, lib/fragments.py).
# The expiry bounds how long what is not versioned (a person's name, the time of day) can show unchanged.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "duediligence.lib.pg_cache.PostgresCache",
        "LOCATION": "fragment_cache",
        "TIMEOUT": env_int("FRAGMENT_CACHE_SECONDS", 300),
        "OPTIONS": {
            "MAX_ENTRIES": env_int("FRAGMENT_CACHE_MAX_ENTRIES", 20_000),
            # Parts one organisation may hold (its members' views of its pages): a member cannot fill the cache,
            # nor push out another organisation's parts (lib/pg_cache.py).
            "MAX_ENTRIES_PER_SCOPE": env_int("FRAGMENT_CACHE_ENTRIES_PER_ORGANISATION", 2_000),
        },
    },
}
# "commit" (production): the triggers raise a version once per transaction, at its commit. "statement": after
# every statement, for the test suite, whose transactions never commit.
CONTENT_VERSION_TIMING = env_str("CONTENT_VERSION_TIMING", "commit")
# A report that names a question its questionnaire does not ask (a renamed key) stops with an error where someone
# can fix it (development, the tests); in production it is logged and the sentence left out.
REPORT_KEYS_STRICT = env_bool("REPORT_KEYS_STRICT", DEBUG)
# Names the code a cached part was rendered by (e.g. the deployed commit); empty: a digest of the files.
FRAGMENT_CACHE_RELEASE = env_str("FRAGMENT_CACHE_RELEASE", "")
