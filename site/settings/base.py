"""Settings shared by every environment. Everything that differs per machine comes from the
environment (12-factor); the defaults here are safe for a developer's laptop."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: its locale/ overrides Wagtail's Japanese catalogue (the first app wins).
    "editorial",
    "home",
    "articles",
    "search",
    "imports",
    # Reader comments: our app first so its templates override those of the two below.
    "comments",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmarkdown",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "blogsite.urls"
WSGI_APPLICATION = "blogsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database (PostgreSQL in
# tests and production, through psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail: printed to the terminal unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "ことのは技術帖")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Wagtail's database backend with Japanese queries split into bigrams (docs/search.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "document-link"]},
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Background-task bookkeeping (search index, reference index) logs every page save.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}

# wagtail-markdown: no CDN assets in the editor (see articles/widgets.py); Markdown headings
# start at h3 so that sections (h2) stay heading blocks and the outline stays right.
WAGTAILMARKDOWN = {
    "autodownload_fontawesome": False,
    "extensions": ["toc"],
    "extension_configs": {"toc": [("baselevel", 3)]},
}

# --- Editorial (editorial/): roles, review workflow, scheduled publishing, Japanese admin ---
# Workflow notifications (submitted / approved / changes requested) go out by email through
# the EMAIL_* settings above, in each recipient's admin language (Japanese by default).
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", DEFAULT_FROM_EMAIL
)
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
# Superusers (the technical owner's account) are not reviewers: only 編集者 get "submitted for
# review" mail, only the author gets the decision. NOTIFY_SUPERUSERS=1 copies them in.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = env_bool("NOTIFY_SUPERUSERS", False)
# Seconds between two passes of the scheduler (`manage.py run_scheduler`).
EDITORIAL_SCHEDULER_INTERVAL = int(os.environ.get("SCHEDULER_INTERVAL", "30"))
# No Gravatar: avatars would be fetched from a third party for every admin page view.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Where the scheduler keeps its lock file when the database is not PostgreSQL.
EDITORIAL_SCHEDULER_LOCK_DIR = Path(os.environ.get("SCHEDULER_LOCK_DIR", BASE_DIR / "var"))

# --- Comments (comments/): threaded reader comments on articles, on django-comments-xtd ---
# Readers confirm their email address before a comment appears; logged-in users post at once.
# Links in emails are built from BASE_URL (WAGTAILADMIN_BASE_URL above), and `migrate` copies
# its host into django.contrib.sites so nothing shows example.com.
COMMENTS_APP = "django_comments_xtd"
# Must be bytes (xtd concatenates it to SECRET_KEY.encode()); part of every signed comment link,
# so changing it invalidates the confirmation and mute links already sent.
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_SALT", "kotonoha-comments").encode()
# Send mail in the request, not in xtd's background thread, so SMTP errors reach our code.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")  # threads oldest first, replies in order
# Levels a thread may have, the top-level comment included (3: comment, reply, reply to that).
COMMENTS_MAX_DEPTH = int(os.environ.get("COMMENTS_MAX_DEPTH", "3"))
COMMENTS_XTD_MAX_THREAD_LEVEL = COMMENTS_MAX_DEPTH - 1  # xtd counts levels from 0
COMMENT_MAX_LENGTH = 3000  # characters per comment
COMMENTS_TIMEOUT = 2 * 60 * 60  # seconds a rendered form stays valid (django-contrib-comments)
# How long the emailed confirmation link works, from the moment it was signed.
COMMENTS_CONFIRMATION_MAX_AGE = int(os.environ.get("COMMENTS_CONFIRM_DAYS", "3")) * 24 * 60 * 60
COMMENTS_MAX_LINKS = 2  # a comment with more links than this waits for approval
# Posts per client address and per email address within the period (logged-in users exempt).
# Counted in Django's cache: use a shared cache (not the per-process default) with several
# worker processes, or each process counts on its own.
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "5"))
COMMENTS_RATE_PERIOD = int(os.environ.get("COMMENTS_RATE_PERIOD", "600"))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use
# REMOTE_ADDR). Needed for per-address limits behind a proxy; never trust more than you run.
COMMENTS_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
