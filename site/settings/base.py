"""Settings shared by every environment. Everything that differs per machine comes from the
environment (12-factor); the defaults here are safe for a developer's laptop."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

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
    "users",  # before django.core: its `migrate` adopts databases made before it
    "editorial",
    "home",
    "articles",
    "search",
    "imports",
    "proofreading",
    # Reader comments: our app on top of the two below (none of their templates is overridden).
    "comments",
    "django_comments_xtd",
    "django_comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    # wagtail.sites is left out: editorial/sites.py registers its screens with Japanese headings.
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
    # Security (security/, see below): CSP per path, login lockout, the outage page.
    "security",
    "axes",
    "csp",
    # Speed (caching/, see below): the page cache and what makes its pages cold.
    "caching",
    # Theme (issue #17, see below): fixed pages and the contact form, 人気記事, generated
    # share images, the language switch.
    "pages",
    "popularity",
    "sharing",
    "language",
    # Several hosts (issue #20): health URL, start-up check, release and restore, media copy.
    "operations",
]

SITE_ID = 1

# Requests pass down this list and responses back up it, so the order matters:
# - The health URL before everything: the proxy probes each host by its own address over
#   plain HTTP, which ALLOWED_HOSTS and the HTTPS redirect would refuse (operations/health.py).
# - Permissions-Policy outermost, so every response gets it, page-cache hits included.
# - SecurityMiddleware next: HTTPS redirect and security headers on every response.
# - The full-page cache next: a hit for an anonymous GET is answered before anything below
#   runs (no session, no database); what it stores went through every middleware below, so
#   it carries their headers, Content-Security-Policy included.
# - CSP before WhiteNoise, so static files get the policy too; WhiteNoise serves /static/
#   before sessions, locale and the rest, which static files do not need.
# - Django's usual order (sessions, locale after sessions and before common, CSRF, auth,
#   messages, clickjacking), then Wagtail's redirects (old WordPress addresses), which only
#   answer the 404s of everything else. Right after locale: `?hl=en` (the hreflang
#   alternates) wins over the cookie and the browser's languages (language/).
# - Last: the database-down 503 page and axes' lockout (axes asks to come last).
MIDDLEWARE = [
    "operations.health.HealthCheckMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "caching.middleware.PageCacheMiddleware",
    "security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "language.middleware.LanguageFromQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "security.middleware.DatabaseOutageMiddleware",
    "axes.middleware.AxesMiddleware",
]

# What the proxy probes on each host: 200 while the host reaches the database, else 503.
HEALTH_CHECK_PATH = os.environ.get("HEALTH_CHECK_PATH", "/healthz")

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
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DB_JIT_OFF", True):
    # PostgreSQL's JIT compiler pays off for analytics, not for a web page's short queries:
    # above its cost threshold it spent 15-27 ms compiling the 20 ms "related articles"
    # query at 10,000 articles (docs/performance.md). Off for this site's connections only;
    # behind PgBouncer (which refuses startup options) set DB_JIT_OFF=0 and
    # ALTER ROLE ... SET jit = off instead (docs/deployment.md).
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    db_options["options"] = f"{db_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django's user with names 姓 名, on django.contrib.auth's tables (users/models.py).
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {  # Security: admin accounts guard the whole site
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
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
# locale/: the project's own strings (`make messages` regenerates it from the source).
# locale_overrides/: our Japanese for Wagtail's admin where its own catalogue has none; kept
# apart so makemessages never merges into it. Both take precedence over the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]

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
# Video and sound files are documents too (the article's video and audio blocks play them);
# their types are fixed here rather than guessed from the machine's MIME table, so <source
# type> is the same everywhere and a browser skips what it cannot play.
WAGTAILDOCS_CONTENT_TYPES = {
    "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg",
    "mov": "video/quicktime", "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg",
    "oga": "audio/ogg", "wav": "audio/wav", "flac": "audio/flac",
}  # fmt: skip
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "zip", *WAGTAILDOCS_CONTENT_TYPES]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "code", "link", "document-link"]},
    }
}
# No autosave (Wagtail's documented switch): on a new article it posted the half-filled form
# every few seconds (a 400 while the title was empty, then a draft page nobody asked for,
# whose address blocked the next article of the same title). Authors save with 「下書き保存」;
# the admin still warns before leaving a form with unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# 文章校正 (proofreading/): a sentence longer than this many characters, or with more 「、」
# than this, is pointed out in the editor (never blocking publication).
PROOFREADING_MAX_SENTENCE_LENGTH = int(os.environ.get("PROOFREADING_MAX_SENTENCE_LENGTH", "100"))
PROOFREADING_MAX_COMMAS = int(os.environ.get("PROOFREADING_MAX_COMMAS", "3"))
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Every line with its time and origin: the scheduler's and the web servers' logs are read
# outside journald too (the cron job's var/scheduler.log, `make run`'s terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "timed": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",  # with the offset: TIME_ZONE is Asia/Tokyo
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Background-task bookkeeping (search index, reference index) logs every page save.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}

# Markdown (articles/markdown.py, markdown-it-py: linear time). The Markdown block keeps
# wagtail-markdown's editor (no CDN assets, see articles/widgets.py) but renders through our
# module; its headings start at h3 so that sections (h2) stay heading blocks. Limits: characters
# in one block, characters in one imported text, levels of nested lists/quotes, tags in an
# imported front matter (docs/deployment.md).
WAGTAILMARKDOWN = {"autodownload_fontawesome": False}
MARKDOWN_MAX_CHARS = int(os.environ.get("MARKDOWN_MAX_CHARS", "20000"))
MARKDOWN_IMPORT_MAX_CHARS = int(os.environ.get("MARKDOWN_IMPORT_MAX_CHARS", "100000"))
MARKDOWN_MAX_NESTING = int(os.environ.get("MARKDOWN_MAX_NESTING", "10"))
MARKDOWN_MAX_TAGS = int(os.environ.get("MARKDOWN_MAX_TAGS", "30"))

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
# The login form with a translated label on the password field (editorial/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "editorial.forms.TranslatedLoginForm"
# The scheduler (`manage.py run_scheduler`) wakes at each go-live or expiry time; it looks at
# the next one every POLL seconds and runs a full pass at least every INTERVAL seconds.
EDITORIAL_SCHEDULER_INTERVAL = int(os.environ.get("SCHEDULER_INTERVAL", "30"))
EDITORIAL_SCHEDULER_POLL = float(os.environ.get("SCHEDULER_POLL", "1"))
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
# The environment variable has the setting's name; COMMENTS_SALT, its old name, still works.
COMMENTS_XTD_SALT = os.environ.get(
    "COMMENTS_XTD_SALT", os.environ.get("COMMENTS_SALT", "kotonoha-comments")
).encode()
# Send mail in the request, not in xtd's background thread, so SMTP errors reach our code.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")  # threads oldest first, replies in order
# The deepest level xtd *stores* (it refuses to save a reply below it; levels count from 0).
# High, so that threads imported from WordPress keep their whole structure. How many levels
# readers see nested, and may reply to, is a site setting (コメント設定, comments/models.py).
COMMENTS_XTD_MAX_THREAD_LEVEL = 100
COMMENT_MAX_LENGTH = 3000  # characters per comment
COMMENTS_TIMEOUT = 2 * 60 * 60  # seconds a rendered form stays valid (django-contrib-comments)
# How long the emailed confirmation link works, from the moment it was signed.
COMMENTS_CONFIRMATION_MAX_AGE = int(os.environ.get("COMMENTS_CONFIRM_DAYS", "3")) * 24 * 60 * 60
COMMENTS_MAX_LINKS = 2  # a comment with more links than this waits for approval
# Confirmation mails per client address and per (normalised) email address within the
# period, and for the whole site per hour (logged-in users exempt). Counted in the database
# (security/ratelimit.py), so every worker process and server shares the counts.
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "5"))
COMMENTS_RATE_PERIOD = int(os.environ.get("COMMENTS_RATE_PERIOD", "600"))
COMMENTS_MAIL_PER_HOUR = int(os.environ.get("COMMENTS_MAIL_PER_HOUR", "100"))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use
# REMOTE_ADDR). Needed for per-address limits behind a proxy; never trust more than you run.
COMMENTS_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- Security (security/): Content-Security-Policy, admin login protection, uploads, ---
# --- the database-down page (middleware order: MIDDLEWARE above). See docs/deployment.md. ---
# Browser features no page of this site uses, switched off for it and everything it frames
# (video embeds keep fullscreen and picture-in-picture, which are not listed). The header is
# added by security.middleware.PermissionsPolicyMiddleware, first in MIDDLEWARE.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
# Media may live on another host (S3-compatible storage, below): images, video and sound files
# are allowed from it.
MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "")
# Video embeds (YouTube, Vimeo) are iframes; scripts of other providers (X's widgets.js) stay
# blocked: such a post shows as its plain quotation.
EMBED_FRAME_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# Public pages: scripts only from this site (share.js, and Wagtail's userbar for logged-in
# editors, whose <script> tags are same-origin; the nonce is there for any inline script a
# template marks with {{ request.csp_nonce }}). No inline script, no <style> element. Style
# attributes are allowed (style-src-attr): Markdown tables align cells with them and Wagtail's
# responsive embeds size their frame with one; they cannot run code.
# <script type="application/ld+json"> is data, not script: CSP does not apply to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *filter(None, [MEDIA_ORIGIN])],
        "media-src": [SELF, *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/, previews included): its page editor has inline scripts and
# styles and the preview panel frames this site, so the admin gets its own, relaxed-but-sane
# policy: inline code allowed (no nonce: a nonce would switch 'unsafe-inline' off), but no
# eval, nothing from another origin but media and embeds, no plugins, no framing by others.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *filter(None, [MEDIA_ORIGIN])],
        "media-src": [SELF, *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_ORIGINS],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Admin login protection (django-axes). Failures are counted per (account, address) and per
# address; either reaching AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME locks. So one address
# spraying guesses is stopped, while failures from other addresses never lock the owner out
# of their own (issue #12). A success forgives only that account's failures from that address
# (security.lockout.OwnFailuresHandler), never another account's. The page says so in Japanese
# and is the same whether the account exists or not. Attempts are kept in the database, so
# every web server sees them. The address is the one comments use (TRUSTED_PROXY_COUNT).
# AxesBackend only refuses locked-out logins (ModelBackend, next, checks the password); being
# a ModelBackend too, it can load users from sessions, as Wagtail's test utilities expect.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "security.lockout.OwnFailuresHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# Uploads: a clear form error, never a 500. Images: WAGTAILIMAGES_* above. Documents:
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENTS_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Forms without files: DATA_UPLOAD_MAX_MEMORY_SIZE above (larger bodies get the 400 page).

# --- Deployment: media on S3-compatible storage (several web servers, docs/deployment.md) ---
# Set AWS_STORAGE_BUCKET_NAME and uploads (images, documents, renditions) go to that bucket
# through django-storages instead of MEDIA_ROOT. Credentials come from the environment
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3) or the instance's role; never here.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # MinIO, R2, Wasabi…
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None  # a CDN in front
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None  # the bucket's policy decides (public read for media)
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)  # plain, cacheable URLs
    AWS_S3_FILE_OVERWRITE = False
    if not MEDIA_ORIGIN:
        if AWS_S3_CUSTOM_DOMAIN:
            MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
        elif AWS_S3_ENDPOINT_URL:
            MEDIA_ORIGIN = "/".join(AWS_S3_ENDPOINT_URL.split("/")[:3])
        else:  # AWS itself; MEDIA_ORIGIN (above) overrides any of these guesses
            region = f".{AWS_S3_REGION_NAME}" if AWS_S3_REGION_NAME else ""
            MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3{region}.amazonaws.com"
        for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
            _policy["DIRECTIVES"]["img-src"].append(MEDIA_ORIGIN)
            _policy["DIRECTIVES"]["media-src"].append(MEDIA_ORIGIN)  # video and audio blocks

# --- Caching (caching/, docs/performance.md) ---
# Django's caches. "pages" keeps anonymous pages (caching/middleware.py) with the tokens of what
# they show (caching/scopes.py); "default" the rest (rate limits, Wagtail's own), apart so that
# pages never push counters out. By default files under var/cache: one store shared by every
# process of this machine (the gunicorn workers, the scheduler), holding the long tail (about
# 100 kB a page: 20,000 pages are 2 GB at most). Redis for both when CACHE_URL is set
# (redis://127.0.0.1:6379/0; needs the `redis` package), e.g. with several servers.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / "var" / "cache"))
if CACHE_URL:
    # django-redis rather than Django's own Redis backend: with Redis down or unreachable it
    # answers every call as a miss (IGNORE_EXCEPTIONS, logged) within the timeouts, so the
    # site is served uncached instead of failing (Wagtail's site lookup, 人気記事, the page
    # cache) and picks Redis up again by itself when it is back (issue #20).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "blog",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(os.environ.get("CACHE_TIMEOUT", "1")),
            },
        }
    }
    CACHES["pages"] = CACHES["default"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "default"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "pages"),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "20000"))},
        },
    }
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# How long a whole page may be kept; 0 switches the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# X-Page-Cache: hit/miss on cached pages, for development and tests only: in production it
# would tell anyone what is cached.
PAGE_CACHE_STATUS_HEADER = DEBUG
# The reverse proxy in front (Varnish with deploy/varnish/default.vcl), purged through
# Wagtail's frontend cache on every content change, e.g. FRONTEND_CACHE_URL=http://127.0.0.1:6081
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# --- Theme (issue #17): fixed pages and contact form (pages/), 人気記事 (popularity/), ---
# --- generated share images (sharing/), language switch and formats (language/) ---
FORMAT_MODULE_PATH = ["language.formats"]  # 「2026年12月5日 2:42」: date and time apart
# Messages through the contact form per client within the period, counted in the database.
CONTACT_RATE_LIMIT = int(os.environ.get("CONTACT_RATE_LIMIT", "3"))
CONTACT_RATE_PERIOD = int(os.environ.get("CONTACT_RATE_PERIOD", "600"))
# A reload of the same page by the same client within this time is not a new view; nor are
# more than POPULARITY_CLIENT_LIMIT views from one client in it (Django's cache, no database).
POPULARITY_REPEAT_SECONDS = int(os.environ.get("POPULARITY_REPEAT_SECONDS", "1800"))
POPULARITY_CLIENT_LIMIT = int(os.environ.get("POPULARITY_CLIENT_LIMIT", "60"))
