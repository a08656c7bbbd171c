from .base import *

DEBUG = env_bool("DEBUG", True)

# WhiteNoise warns on every request when the collected-static folder does not exist yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Caching ---
# Template and code changes show at once; PAGE_CACHE_SECONDS=3600 make run tries the cache.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_STATUS_HEADER = DEBUG
