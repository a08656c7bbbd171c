"""Load without loss: readers browse while commenters post and confirm by email, against
gunicorn with the production settings and PostgreSQL, all on 127.0.0.1.

    make load-test                                   # 60 s, 200 readers, 50 commenters
    make load-test LOAD_ARGS="--duration 20 --readers 50 --posters 10 --workers 2"

`make load-test` runs this inside scripts/with-postgres (a throwaway cluster: DATABASE_URL).
The script migrates that database, loads the demo articles, collects the static files, starts
an SMTP server (aiosmtpd) that Django's mail goes to and gunicorn, then for --duration seconds:

* each reader fetches a page (home, article list, an article, a tag, a search, the feed) and
  waits 0.5-2 s before the next;
* each commenter opens an article, posts a comment with its own address, waits for the
  confirmation email, follows its link, and waits 1-3 s.

It passes (exit 0) when no response was a 5xx or failed to arrive, every accepted comment's
email arrived, and the number of comments in the database equals the number the commenters
confirmed. The comment rate limit (5 per 10 minutes per address) would stop 50 commenters on
one IP at once, so the server runs with COMMENTS_RATE_LIMIT raised (--rate-limit); production
keeps the default. Figures are printed as a Markdown table (docs/deployment.md has a run's).
"""

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from email import message_from_bytes
from email.policy import default as default_policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import httpx
from aiosmtpd.controller import Controller
from environment import production_env  # bench/environment.py (this folder is on sys.path)
from ports import free_port  # bench/ports.py

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"https?://[^\s]+/comments/confirm/[^\s/]+/")
READER_PATHS = [
    "/",
    "/articles/",
    "/feed/",
    "/search/?q=Wagtail",
    "/search/?q=日本語",
    "/articles/?page=2",
    "/sitemap.xml",
]


class Mailbox:
    """The SMTP server's handler: confirmation links by recipient."""

    def __init__(self):
        self.links = {}
        self.received = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        text = message.get_body(("plain",)).get_content()
        found = LINK.search(text)
        with self.lock:
            self.received += 1
            if found:
                for recipient in envelope.rcpt_tos:
                    self.links[recipient.lower()] = found.group(0)
        return "250 OK"


class FormFields(HTMLParser):
    """The hidden and visible inputs of the comment form on an article page."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "comment-form" in (attrs.get("class") or ""):
            self.inside = True
        elif tag == "input" and self.inside and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


class Stats:
    def __init__(self):
        self.status = Counter()
        self.latency = defaultdict(list)
        self.errors = Counter()
        self.posted = self.confirmed = self.mail_missing = 0

    def record(self, kind, started, response=None, error=None):
        if error is not None:
            self.errors[f"{kind}: {type(error).__name__}"] += 1
            return
        self.status[response.status_code] += 1
        self.latency[kind].append(time.monotonic() - started)


async def timed(stats, kind, client, method, url, **kwargs):
    started = time.monotonic()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        stats.record(kind, started, error=error)
        return None
    stats.record(kind, started, response)
    return response


async def reader(base, articles, stats, stop):
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while not stop.is_set():
            path = random.choice(READER_PATHS + articles * 3)  # articles are read most
            await timed(stats, "read", client, "GET", path)
            await asyncio.sleep(random.uniform(0.5, 2.0))


async def poster(number, base, articles, mailbox, stats, stop):
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        count = 0
        while not stop.is_set():
            count += 1
            page = await timed(stats, "article", client, "GET", random.choice(articles))
            if page is None or page.status_code != 200:
                await asyncio.sleep(1)
                continue
            form = FormFields()
            form.feed(page.text)
            # As the form's script does: a fresh timestamp and this reader's CSRF token.
            refresh = f"/comments/form-data/{form.fields.get('object_pk')}/"
            fresh = await timed(stats, "form-data", client, "GET", refresh)
            if fresh is None or fresh.status_code != 200:
                continue
            tokens = fresh.json()
            email = f"commenter{number}-{count}@load.example"
            data = {
                **form.fields,
                "timestamp": tokens["timestamp"],
                "security_hash": tokens["security_hash"],
                "csrfmiddlewaretoken": tokens["csrf_token"],
                "name": f"読者{number}",
                "email": email,
                "url": "",
                "comment": f"負荷試験のコメント {number}-{count}。{secrets.token_hex(4)}",
                "honeypot": "",
                "reply_to": "0",
            }
            posted = await timed(stats, "post", client, "POST", "/comments/post/", data=data)
            if posted is None or posted.status_code != 302:
                continue
            stats.posted += 1
            link = None
            for _ in range(300):  # up to 30 s for the email
                link = mailbox.links.get(email)
                if link:
                    break
                await asyncio.sleep(0.1)
            if link is None:
                stats.mail_missing += 1
                continue
            confirmed = await timed(stats, "confirm", client, "POST", urlparse(link).path)
            if confirmed is not None and confirmed.status_code in {200, 302}:
                stats.confirmed += 1
            await asyncio.sleep(random.uniform(1.0, 3.0))


async def drive(base, articles, mailbox, args):
    stats, stop = Stats(), asyncio.Event()
    tasks = [asyncio.create_task(reader(base, articles, stats, stop)) for _ in range(args.readers)]
    tasks += [
        asyncio.create_task(poster(n, base, articles, mailbox, stats, stop))
        for n in range(args.posters)
    ]
    await asyncio.sleep(args.duration)
    stop.set()
    await asyncio.gather(*tasks)  # in-flight requests finish: nothing is cut off
    return stats


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def comment_count(env):
    code = (
        "from django_comments_xtd.models import XtdComment;"
        "print(XtdComment.objects.filter(user_email__endswith='@load.example').count())"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0


def report(stats, args, elapsed, in_db):
    total = sum(stats.status.values())
    lines = [
        f"Load test: {args.readers} readers + {args.posters} commenters for {args.duration} s, "
        f"gunicorn --workers {args.workers}, PostgreSQL, all on 127.0.0.1",
        "",
        "| requests | per second | 5xx | failed | posted | confirmed | in database |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {total} | {total / elapsed:.1f} | "
        f"{sum(n for s, n in stats.status.items() if s >= 500)} | {sum(stats.errors.values())} | "
        f"{stats.posted} | {stats.confirmed} | {in_db} |",
        "",
        "| kind | count | median ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, values in sorted(stats.latency.items()):
        lines.append(
            f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} |"
        )
    lines.append("")
    lines.append(f"status codes: {dict(sorted(stats.status.items()))}")
    if stats.errors:
        lines.append(f"errors: {dict(stats.errors)}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Readers and commenters against gunicorn.")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--posters", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=1_000_000,
        help="COMMENTS_RATE_LIMIT for the server under test",
    )
    parser.add_argument(
        "--no-setup", action="store_true", help="the database is migrated and has articles already"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("load_test: run it through `make load-test` (scripts/with-postgres)")

    mailbox = Mailbox()
    smtp_port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port, enable_SMTPUTF8=True)
    smtp.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="load-test-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **production_env(work),
        "BASE_URL": base,
        "SECURE_COOKIES": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "COMMENTS_RATE_LIMIT": str(args.rate_limit),
        "COMMENTS_MAIL_PER_HOUR": str(args.rate_limit),
    }
    if not args.no_setup:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v0")
    articles = [
        line.strip()
        for line in subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from articles.models import ArticlePage\n"
                "for p in ArticlePage.objects.live().public(): print(p.url)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        if line.startswith("/")
    ]
    assert articles, "no live article to read"
    before = comment_count(env)
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "blogsite.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("load_test: gunicorn did not start")
            time.sleep(0.3)
        started = time.monotonic()
        stats = asyncio.run(drive(base, articles, mailbox, args))
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        smtp.stop()
    in_db = comment_count(env) - before
    print(report(stats, args, elapsed, in_db))
    problems = []
    if any(status >= 500 for status in stats.status):
        problems.append("5xx responses")
    if stats.errors:
        problems.append("requests that failed")
    if stats.mail_missing:
        problems.append(f"{stats.mail_missing} confirmation emails missing")
    if in_db != stats.confirmed:
        problems.append(f"{stats.confirmed} confirmed but {in_db} in the database")
    if stats.posted == 0:
        problems.append("no comment was posted")
    if problems:
        sys.exit("load_test: FAILED: " + "; ".join(problems))
    print("load_test: passed")


if __name__ == "__main__":
    main()
