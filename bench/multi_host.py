"""The several-hosts exercise of issue #20, on loopback, as docs/deployment.md tells an operator:

    make multi-host        # = scripts/with-postgres .venv/bin/python bench/multi_host.py

PostgreSQL (scripts/with-postgres), Redis, two application hosts (gunicorn with the production
settings on 127.0.0.2 and 127.0.0.3, each released with scripts/release: its own static files,
migrate, preflight, then invalidate_caches) and Varnish with the VCL of scripts/varnish-vcl.
Readers poll through Varnish and each host directly while the script:
  1. kills host A (every gunicorn process) for HOST_DOWN_SECONDS, then starts it again;
  2. stops Redis for REDIS_DOWN_SECONDS, then starts it again (empty);
  3. publishes a new title;
  4. snapshots Redis, publishes again, restarts Redis from the old snapshot;
  5. backs up, publishes again, restores the backup over the live data (scripts/restore --force).
It prints the 5xx answers of 1 and 2 and, for 3-5, the longest stale read: how long after the
step returned a reader was still given the title it replaced. Goal: 0 and 0 s everywhere.
"""

import getpass
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import production_env  # noqa: E402
from bench.ports import free_port  # noqa: E402
from bench.servers import start_redis, start_varnish, stop, wait_for_port  # noqa: E402

HOSTS = {"A": "127.0.0.2", "B": "127.0.0.3"}
HOST_DOWN_SECONDS = int(os.environ.get("HOST_DOWN_SECONDS", "10"))
REDIS_DOWN_SECONDS = int(os.environ.get("REDIS_DOWN_SECONDS", "10"))
READ_PAUSE = 0.05


class Site:
    """Everything the exercise started, and how to reach it."""

    def __init__(self, folder):
        self.folder = folder
        self.app_port, self.redis_port, self.varnish_port = free_port(), free_port(), free_port()
        self.proxy = f"http://127.0.0.1:{self.varnish_port}"
        self.env = {
            **os.environ,
            **production_env(folder),  # plain HTTP on loopback, quiet logs, its own folders
            "BASE_URL": self.proxy,
            "SECURE_COOKIES": "0",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "FRONTEND_CACHE_URL": self.proxy,
            "TRUSTED_PROXY_COUNT": "1",
            "BACKUP_DIR": str(folder / "backups"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env["APP_USER"] = getpass.getuser()  # scripts/release runs the steps as this user
        self.redis_folder = folder / "redis"
        self.redis_folder.mkdir()
        self.gunicorns, self.redis, self.varnish = {}, None, None

    def host_env(self, name):
        """/etc/blogsite/host.env of one host: its address and its own static files."""
        bind = f"{HOSTS[name]}:{self.app_port}"
        return {**self.env, "WEB_BIND": bind, "STATIC_ROOT": str(self.folder / name / "static")}

    def manage(self, *args, host="A"):
        command = [sys.executable, "manage.py", *args]
        out = subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=self.host_env(host), check=True, capture_output=True, text=True
        )
        return out.stdout

    def release(self, host, step):
        release = str(ROOT / "scripts" / "release")
        subprocess.run([release, step], cwd=ROOT, env=self.host_env(host), check=True)  # noqa: S603

    def start_host(self, name):
        env = self.host_env(name)
        self.gunicorns[name] = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "blogsite.wsgi", "--workers", "2",
             "--bind", env["WEB_BIND"], "--timeout", "30"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(HOSTS[name], self.app_port, timeout=60)

    def kill_host(self, name):
        """The host dies: every gunicorn process at once, no graceful stop."""
        os.killpg(self.gunicorns[name].pid, signal.SIGKILL)
        self.gunicorns[name].wait()

    def start_all(self):
        self.redis = start_redis(self.redis_port, self.redis_folder)
        vcl = self.folder / "default.vcl"
        backends = [f"{address}:{self.app_port}" for address in HOSTS.values()]
        arguments = [item for backend in backends for item in ("--backend", backend)]
        vcl.write_text(self.run_script("varnish-vcl", *arguments))
        self.varnish = start_varnish(vcl, self.varnish_port, self.folder)
        self.manage("migrate", "--noinput")
        self.manage("load_demo", "--if-empty")
        for name in HOSTS:  # scripts/release on each host in turn
            self.release(name, "prepare")
            self.start_host(name)
            self.release(name, "finish")

    def run_script(self, name, *args):
        command = [sys.executable, str(ROOT / "scripts" / name), *args]
        out = subprocess.run(command, cwd=ROOT, env=self.env, check=True, capture_output=True)  # noqa: S603
        return out.stdout.decode()

    def stop_all(self):
        for process in [*self.gunicorns.values(), self.varnish, self.redis]:
            if process is not None:
                stop(process)


class Readers:
    """Threads reading one address through Varnish and on each host, noting each answer:
    (start time, where, status, body)."""

    def __init__(self, site, path):
        self.bases = {"varnish": site.proxy}
        self.bases.update({name: f"http://{a}:{site.app_port}" for name, a in HOSTS.items()})
        self.path, self.answers, self.stopped = path, [], threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(w,)) for w in self.bases]

    def read(self, where):
        headers = {"Host": f"127.0.0.1:{self.bases['varnish'].rsplit(':', 1)[1]}"}
        with httpx.Client(timeout=10) as client:
            while not self.stopped.is_set():
                started = time.time()
                try:
                    response = client.get(self.bases[where] + self.path, headers=headers)
                    self.answers.append((started, where, response.status_code, response.text))
                except httpx.HTTPError:
                    self.answers.append((started, where, 0, ""))
                time.sleep(READ_PAUSE)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join()

    def server_errors(self, *places):
        """'5xx of reads' through the given places (all of them by default)."""
        places = places or tuple(self.bases)
        reads = [status for _, where, status, _ in self.answers if where in places]
        return f"{sum(1 for status in reads if status >= 500)} of {len(reads)} reads"

    def longest_stale(self, since, old_text, new_text):
        """Seconds after `since` of the latest read begun then that still got old_text, and
        how many reads begun then got new_text (none would mean nothing was measured)."""
        after = [(t - since, status, body) for t, _, status, body in self.answers if t >= since]
        stale = [t for t, status, body in after if status == 200 and old_text in body]
        fresh = sum(1 for _, status, body in after if status == 200 and new_text in body)
        return f"{max(stale, default=0.0):.2f} s ({len(stale)} stale, {fresh} fresh reads)"


def set_title(site, slug, title):
    """Publish a new title through Wagtail, as an editor would; returns when publish() has."""
    code = (
        "from articles.models import ArticlePage\n"
        f"page = ArticlePage.objects.get(slug={slug!r}).specific\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
        "import time; print(time.time())\n"
    )
    return float(site.manage("shell", "-c", code).split()[-1])


def exercise(site):
    slug, path = demo_article(site)
    figures = {}
    with Readers(site, "/search/?q=kotonoha") as readers:  # never cached: every read reaches a host
        time.sleep(1)
        site.kill_host("A")
        time.sleep(HOST_DOWN_SECONDS)
        site.start_host("A")
        time.sleep(3)
    figures["5xx through Varnish while host A was down"] = readers.server_errors("varnish")

    with Readers(site, path) as readers:
        time.sleep(1)
        stop(site.redis)  # no snapshot taken yet: it comes back empty
        time.sleep(REDIS_DOWN_SECONDS)
        site.redis = start_redis(site.redis_port, site.redis_folder)
        time.sleep(2)
    figures["5xx while Redis was down (Varnish, A, B)"] = readers.server_errors()

    with Readers(site, path) as readers:
        time.sleep(1)
        published = set_title(site, slug, "多台構成の記事 第二版")
        time.sleep(3)
    figures["longest stale read after a publish"] = readers.longest_stale(
        published, "多台構成の記事 第一版", "第二版"
    )

    with Readers(site, path) as readers:
        time.sleep(1)
        redis.Redis(port=site.redis_port).save()  # a snapshot with the 第二版 pages in it
        set_title(site, slug, "多台構成の記事 第三版")
        time.sleep(1)
        stop(site.redis)
        site.redis = start_redis(site.redis_port, site.redis_folder)  # loads that snapshot
        restarted = time.time()
        time.sleep(3)
    figures["longest stale read after Redis came back from an old snapshot"] = (
        readers.longest_stale(restarted, "第二版", "第三版")
    )

    site.run_script("backup")
    set_title(site, slug, "多台構成の記事 第四版")
    with Readers(site, path) as readers:
        time.sleep(2)
        backup = sorted((site.folder / "backups").iterdir())[-1]
        site.run_script("restore", "--force", str(backup))
        restored = time.time()
        time.sleep(3)
    figures["longest stale read after a restore"] = readers.longest_stale(
        restored, "第四版", "第三版"
    )
    return figures


def demo_article(site):
    """The first demo article, renamed 第一版, and its address."""
    code = (
        "from articles.models import ArticlePage\n"
        "page = ArticlePage.objects.live().order_by('pk').first()\n"
        "print(page.slug, page.url)"
    )
    slug, path = site.manage("shell", "-c", code).split()[-2:]
    set_title(site, slug, "多台構成の記事 第一版")
    return slug, path


def main():
    if "DATABASE_URL" not in os.environ:
        sys.exit("multi_host: run it as `make multi-host` (scripts/with-postgres gives a database)")
    with tempfile.TemporaryDirectory(prefix="multi-host-") as folder:
        site = Site(Path(folder))
        try:
            site.start_all()
            figures = exercise(site)
        finally:
            site.stop_all()
    print("Several hosts on loopback: PostgreSQL, Redis, Varnish, gunicorn on 127.0.0.2 and .3\n")
    print("| figure | measured |\n| --- | --- |")
    for name, value in figures.items():
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
