"""The environment the bench scripts measure in, in one place.

Every figure is taken on the production settings, which insist on what a laptop does not
have: a secret key, the host names, HTTPS. `production_env()` gives a process on loopback
those (a throwaway SECRET_KEY, 127.0.0.1, no HTTPS redirect, quiet logs) and, given a work
folder, its own static, media and cache folders. The servers the bench starts get it in
their environment; the in-process scripts call `setup_django()`, and `prepare_site()` for the
generated articles they measure.
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = "blogsite.settings.production"
# In-process scripts without a work folder share collected static files here.
STATIC_ROOT = ROOT / "var" / "bench-static"


def production_env(work=None):
    """Variables for a production-settings process that serves only 127.0.0.1."""
    env = {
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "SECRET_KEY": "bench-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback: there is no TLS proxy here
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(STATIC_ROOT),
    }
    if work is not None:
        env.update(
            STATIC_ROOT=str(work / "static"),
            MEDIA_ROOT=str(work / "media"),
            CACHE_DIR=str(work / "cache"),
        )
    return env


def setup_django(settings_module=PRODUCTION, defaults=None, forced=None):
    """Put the project on sys.path and set Django up. On the production settings the
    variables of production_env() are filled in where the shell has not set them, like
    `defaults`; `forced` wins over the shell (what the measurement is about)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    if os.environ["DJANGO_SETTINGS_MODULE"] == PRODUCTION:
        defaults = {**production_env(), **(defaults or {})}
    for name, value in (defaults or {}).items():
        os.environ.setdefault(name, value)
    os.environ.update(forced or {})
    import django

    django.setup()


def prepare_site(articles, comments, jobs=1):
    """Migrate, collect the static files, and generate `articles` articles with
    `comments` comments (generate_bench_data keeps what is already there) in `jobs`
    processes."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Every time (it copies only what changed): a manifest left by an older checkout lacks
    # the newer static files, and pages naming one would fail.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command(
        "generate_bench_data", articles=articles, comments=comments, jobs=jobs, verbosity=0
    )


def median_cpu_ms(work, repeat):
    """The median CPU time of `work()` in milliseconds, over `repeat` calls after one to warm
    up (process time: what other processes on the machine do counts less)."""
    import statistics
    import time

    work()
    spent = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return statistics.median(spent) * 1000
