"""What a host checks before it serves (`manage.py preflight`, the units' ExecStartPre).

Each check returns the problems it found, as sentences an operator can act on; none means
the host may start. They catch what once failed silently (issue #20): a host started without
its own collectstatic answered 500 for every page (a missing manifest entry), and a host
outside the proxy's purge ACL left pages stale for an hour with one log line as the trace."""

import http.client
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

PURGE_TIMEOUT_SECONDS = 5


def static_files_problems():
    """The manifest of this release's static files exists and names every file, each present."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return []  # development: files are served from the apps' folders
    if storage.read_manifest() is None:
        return [
            f"No staticfiles manifest in STATIC_ROOT ({settings.STATIC_ROOT}): run "
            "`manage.py collectstatic --noinput` on this host for this release."
        ]
    missing = []
    for finder in finders.get_finders():
        for path, _ in finder.list(["CVS", ".*", "*~"]):
            try:
                stored = storage.stored_name(path)
            except ValueError:
                stored = None
            if stored is None or not storage.exists(stored):
                missing.append(path)
    if not missing:
        return []
    return [
        f"{len(missing)} static files of this release are not collected (e.g. {missing[0]}): "
        "run `manage.py collectstatic --noinput` on this host."
    ]


def purge_targets():
    caches = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    return [config["LOCATION"] for config in caches.values() if config.get("LOCATION")]


def purge_answer(location):
    """The status a PURGE of the health URL gets from the proxy (a harmless address: never
    cached), or the error that stopped it."""
    target = urlsplit(location)
    site = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    connection = http.client.HTTPConnection(
        target.hostname, target.port or 80, timeout=PURGE_TIMEOUT_SECONDS
    )
    try:
        connection.request("PURGE", settings.HEALTH_CHECK_PATH, headers={"Host": site.netloc})
        return connection.getresponse().status
    except OSError as error:
        return error
    finally:
        connection.close()


def purge_problems():
    problems = []
    for location in purge_targets():
        answer = purge_answer(location)
        if answer == 200:
            continue
        if answer == 405:
            problems.append(
                f"The proxy at {location} refuses this host's purges (405): add this host's "
                "address to the `purgers` ACL of the VCL (scripts/varnish-vcl --purger ...)."
            )
        else:
            problems.append(f"The proxy at {location} cannot be purged: {answer}.")
    return problems


def all_problems():
    return [*static_files_problems(), *purge_problems()]
