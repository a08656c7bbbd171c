from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "test-media"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# WhiteNoise warns on every request when the collected-static folder does not exist yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Security ---
# django-axes refuses authenticate() calls without a request, which Client.login() makes; the
# login-protection tests (tests/test_security_login.py) turn it back on.
AXES_ENABLED = False

# --- Caching ---
# No page cache unless a test turns it on (tests/test_cache.py): tests change data without
# committing, so no change would ever reach it. One process: local memory, not files other
# test runs share.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_STATUS_HEADER = True
if not CACHE_URL:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }
