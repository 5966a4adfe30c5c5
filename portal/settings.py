"""Settings for the club portal.

Everything environment-specific is read through `portal.env.env`; the defaults are the
embedded runtime (SQLite in WAL mode, local media, the database task backend, local-memory
cache) so that `make run` works with no configuration. See README.md, "Configuration for
production scale", for the variables that switch each concern to its engine for scale.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from core.roles import SERVICE_SUPERVISORS
from portal.env import env, secret_key_is_weak

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (`make run` writes a development "
            ".env with DEBUG=1 and a generated key)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on-" + "x" * 16
elif not DEBUG and secret_key_is_weak(SECRET_KEY):
    # Django's deploy check only warns; a guessable key signs sessions and reset links.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use at least 50 characters, 5 of them "
        "different, without the django-insecure- prefix (e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])
SITE_BASE_URL = env.str("SITE_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "core",
    "content",
    "club",
    "events",
    "payments",
    "service",
    "newsletters",
    "notifications",
    "portal",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "graphene_django",
    "grapple",
    "wagtail_headless_preview",
    "phonenumber_field",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (nonces for the admin's inline scripts, portal/csp.py) and
    # Permissions-Policy on every response.
    "portal.csp.ClubCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files straight from the WSGI server, compressed and with hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "content.middleware.LocalesOncePerRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Turns django-axes lockouts into responses (see AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "content.middleware.PublishRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL -------------------
DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the task worker read while the other writes;
        # IMMEDIATE transactions take the write lock up front instead of failing mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test{env.str('TEST_DB_SUFFIX')}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# django-axes counts failed logins and refuses locked-out (username, IP) pairs before the
# real backend runs; club.services.member_login passes the request it needs.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "core.auth.PhoneOrEmailBackend"]
LOGIN_URL = "wagtailadmin_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- cache: local memory by default, Redis through REDIS_URL ------------------------------
REDIS_URL = env.optional("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks: database backend by default, RQ on Redis through TASK_BACKEND=rq ---
TASK_BACKEND = env.str("TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    # Runs each task in-process at enqueue time; used by the test suite for determinism.
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    INSTALLED_APPS.append("django_tasks_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# --- language, time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_LOCALIZE_DEFAULT_LANGUAGE = "zh-hans"
# No automatic aliases: they would fill the English tree with live copies under Chinese
# titles. A page reaches another locale only when translated and published through review.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

# --- static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` writes hashed, gzip- and Brotli-compressed copies that WhiteNoise
    # serves with far-future cache headers; DEBUG keeps the plain storage (no collectstatic).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Complaint attachments: outside MEDIA_ROOT, served only by the permission-checked view
# (service.views). A STORAGES["complaint_attachments"] entry (a private bucket) wins.
SERVICE_ATTACHMENTS_ROOT = Path(
    env.str("SERVICE_ATTACHMENTS_ROOT", str(VAR_DIR / "private" / "attachments"))
)

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "万客会"
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are Wagtail's local default (or an uploaded one): no e-mail hash goes to
# Gravatar, and the admin works offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_WORKFLOW_ENABLED = True
# An approval holds for the revision it was given to: an edit after the legal step sends a
# project back to legal (content.rules.project_legal_approval_errors refuses it otherwise).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_PAGE_LOCKING = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]

# Search: the database backend works out of the box; Chinese text is analysed by core.text
# (jieba words and character bigrams) before it reaches any backend (see docs/architecture.md,
# "Chinese search"), so every backend indexes the same terms.
SEARCH_URL = env.optional("SEARCH_URL")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env.str("SEARCH_BACKEND", "wagtail.search.backends.opensearch2"),
            "URLS": [SEARCH_URL],
            # modelsearch names each index <prefix><app>_<model>, e.g. club_wagtailcore_page.
            "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", "club_"),
            "TIMEOUT": 10,
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        # Text arrives already analysed into terms separated by spaces.
                        "analyzer": {
                            "default": {"tokenizer": "whitespace", "filter": ["lowercase"]},
                        }
                    }
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # No stemming or stop words: the text is pre-segmented Chinese, not English.
        WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "simple"

# --- GraphQL -------------------------------------------------------------------------------
GRAPHENE = {"SCHEMA": "portal.graphql.schema.schema", "ATOMIC_MUTATIONS": False}
GRAPHENE["MIDDLEWARE"] = [
    "portal.graphql.hygiene.RefuseNulMiddleware",  # NUL never reaches SQL
    "portal.graphql.ratelimit.SearchRateLimitMiddleware",  # grapple's searchQuery is a search
]
# Page sizes, set once for grapple's queries and ours (portal/graphql/limits.py).
GRAPHQL_PAGE_SIZE = 20
GRAPHQL_MAX_PAGE_SIZE = 100
GRAPPLE = {
    "APPS": {"content": ""},
    "ADD_SEARCH_HIT": False,
    "EXPOSE_GRAPHIQL": False,
    "PAGE_SIZE": GRAPHQL_PAGE_SIZE,
    "MAX_PAGE_SIZE": GRAPHQL_MAX_PAGE_SIZE,
}
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": SITE_BASE_URL + "/preview"},
    "SERVE_BASE_URL": SITE_BASE_URL,
    "REDIRECT_ON_PREVIEW": False,
}
# The members' site may send only graphql/operations/*.graphql (portal/graphql/persisted.py).
GRAPHQL_PERSISTED_OPERATIONS_ONLY = env.bool("GRAPHQL_PERSISTED_OPERATIONS_ONLY", not DEBUG)
GRAPHQL_LIMITS = {
    "MAX_DEPTH": env.int("GRAPHQL_MAX_DEPTH", 10),
    "MAX_TOKENS": env.int("GRAPHQL_MAX_TOKENS", 2000),
    "MAX_ALIASES": env.int("GRAPHQL_MAX_ALIASES", 15),
    "MAX_PAGE_SIZE": GRAPHQL_MAX_PAGE_SIZE,
    "DEFAULT_PAGE_SIZE": GRAPHQL_PAGE_SIZE,
    "MAX_SPREADS": env.int("GRAPHQL_MAX_SPREADS", 200),
    "MAX_SECONDS": env.int("GRAPHQL_MAX_SECONDS", 10),
    "MAX_BODY_BYTES": env.int("GRAPHQL_MAX_BODY_BYTES", 64 * 1024),
    "MAX_COST": env.int("GRAPHQL_MAX_COST", 50_000),
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --- members (club/): login throttling, SMS, consents, referrals, API tokens -------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Count every spelling of an identifier against its account; also lock the account itself
# after more failures from all addresses together (core/login_throttle.py).
AXES_USERNAME_CALLABLE = "core.auth.axes_username"
AXES_HANDLER = "core.login_throttle.AccountAwareHandler"
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", 20)
# The admin login answers every failure alike, members with the right password included.
WAGTAILADMIN_USER_LOGIN_FORM = "core.admin_login.AdminLoginForm"
AXES_RESET_ON_SUCCESS = True
# Keep the lock flag on the request so the login service can report LOGIN_LOCKED.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "club.views.lockout_response"
# The client's address comes from X-Forwarded-For only as far as TRUSTED_PROXY_COUNT
# proxies vouch for it (core.http.client_ip_address); otherwise from the socket.
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip_address"
SMS_BACKEND = env.str("SMS_BACKEND", "club.sms.ConsoleSmsBackend")
CLUB_CONSENT_VERSIONS = {"TERMS_PRIVACY": "2026-01", "MARKETING": "2026-01"}
CLUB_REFERRAL_POINTS = env.int("CLUB_REFERRAL_POINTS", 1000)
API_TOKEN_RATE_LIMIT_PER_MINUTE = env.int("API_TOKEN_RATE_LIMIT_PER_MINUTE", 120)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- rate limits on the anonymous doors (core/ratelimit.py) -------------------------------
# Sliding windows per door and scope: `address` (the trusted client address), `target` (the
# phone or e-mail concerned), `all` (every request together). Several windows separate with
# ";". Each is set from RATE_LIMIT_<DOOR>_<SCOPE>; an empty value leaves that scope uncounted.
RATE_LIMIT_STORAGE_URL = env.str("RATE_LIMIT_STORAGE_URL", REDIS_URL or "memory://")
_RATE_LIMIT_DEFAULTS = {
    "register": {"address": "20/hour;100/day", "target": "10/hour"},
    "login": {"address": "60/hour", "target": "30/hour"},
    "sms_send": {"address": "10/hour;30/day", "target": "5/hour"},
    "sms_check": {"address": "30/hour", "target": "20/hour"},
    "password_reset": {"address": "10/hour", "target": "3/hour;10/day"},
    "search": {"address": "60/minute"},
    "guest_complaint": {"address": "5/hour;20/day", "target": "3/hour;10/day"},
    # Attachments uploaded ahead of a filing (up to 5 files a filing).
    "complaint_upload": {"address": "30/hour;100/day"},
    # Any public mutation that names no door of its own (portal/graphql/ratelimit.py).
    "public": {"address": "60/hour"},
}
RATE_LIMITS = {
    door: {
        scope: env.str(f"RATE_LIMIT_{door.upper()}_{scope.upper()}", rates)
        for scope, rates in scopes.items()
    }
    for door, scopes in _RATE_LIMIT_DEFAULTS.items()
}
# The SMS bill's ceiling: every code sent, to anyone, per hour (an alert e-mail goes to the
# SMS_ALERT_GROUP's members when it trips), and per phone per day; failed code checks per
# phone per day, after which SMS sign-in waits until tomorrow (the password still works).
RATE_LIMITS["sms_spend"] = {"all": env.str("RATE_LIMIT_SMS_SPEND_ALL", "500/hour")}
SMS_DAILY_CODES_PER_PHONE = env.int("SMS_DAILY_CODES_PER_PHONE", 10)
SMS_DAILY_FAILED_CHECKS_PER_PHONE = env.int("SMS_DAILY_FAILED_CHECKS_PER_PHONE", 10)
SMS_ALERT_GROUP = env.str("SMS_ALERT_GROUP", SERVICE_SUPERVISORS)

# --- e-mail --------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "万客会 <club@example.com>")
if env.optional("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", True)
# Production sending through a provider (django-anymail): e.g.
# EMAIL_BACKEND=anymail.backends.postmark.EmailBackend with ANYMAIL_POSTMARK_SERVER_TOKEN.
# Its tracking webhooks (/anymail/<provider>/tracking/, HTTP basic auth with
# ANYMAIL_WEBHOOK_SECRET="user:password") feed the newsletters' suppression list.
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and value
}

# --- payments (Stripe): paid event tickets and deposits (payments/) -----------------------
# With no STRIPE_SECRET_KEY the embedded default talks to the localstripe server that
# `make run` starts on loopback (port STRIPE_LOCAL_PORT); with a real key (sk_test_... for a
# Stripe test account) the API base is Stripe's own unless STRIPE_API_BASE says otherwise.
STRIPE_LOCAL_PORT = env.int("STRIPE_LOCAL_PORT", 8420)
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", "") or "sk_test_localstripe"
STRIPE_API_BASE = env.str("STRIPE_API_BASE", "") or (
    "https://api.stripe.com"
    if env.str("STRIPE_SECRET_KEY", "")
    else f"http://127.0.0.1:{STRIPE_LOCAL_PORT}"
)
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", "pk_test_localstripe")
# The signing secret of the webhook endpoint (Dashboard or `stripe listen`: whsec_...).
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", "whsec_localstripe")
# A signed webhook older than this many seconds is refused (replay protection).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", 300)
# How long a paid event's seat is held for the member to pay.
PAYMENT_HOLD_MINUTES = env.int("PAYMENT_HOLD_MINUTES", 15)

# --- reverse proxies: configured once, honoured everywhere --------------------------------
# How many proxies (load balancer, TLS terminator) stand in front of the site. With none, no
# X-Forwarded-* header is believed: any client could send one. With N, the client address
# is the N-th X-Forwarded-For entry from the right and the scheme is the proxy's
# X-Forwarded-Proto.
if env.optional("AXES_PROXY_COUNT"):
    raise ImproperlyConfigured("AXES_PROXY_COUNT is now TRUSTED_PROXY_COUNT: rename it.")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- security: strict unless DEBUG; every value can be overridden ------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
# Both bind every subdomain (and, once preloaded, for months): an owner's decision, opt-in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview renders the page in a same-origin iframe, so DENY would break it;
# SAMEORIGIN still forbids framing by any other site.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp, portal/csp.py): scripts from our origin or with the
# response's nonce only, no eval; styles may be inline (Wagtail's admin sets style
# attributes throughout). CSP_REPORT_URI, if set, receives the browsers' violation reports.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        **({"report-uri": env.str("CSP_REPORT_URI")} if env.optional("CSP_REPORT_URI") else {}),
    }
}
# No page of ours uses these browser features; nothing embedded may either.
PERMISSIONS_POLICY = {
    # The camera for our own pages only: staff scan tickets at the door (events check-in).
    "camera": ["self"],
} | {
    feature: []
    for feature in (
        "accelerometer",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "usb",
        "browsing-topics",
    )
}
# W019: X_FRAME_OPTIONS is SAMEORIGIN on purpose (above). W005/W021: HSTS subdomains and
# preload are opt-in (SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W005", "security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level sits on the handler too: the task workers raise their own loggers to INFO
    # (a line per task); the handler keeps the terminal to warnings and errors.
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": env.str("LOG_LEVEL", "WARNING")}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
