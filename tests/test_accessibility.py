"""axe-core (from npm, injected from node_modules: nothing from a CDN) finds no serious or
critical accessibility violation on the pages readers use."""

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/articles/",
    "/articles/wordpress-to-wagtail-migration/",
    "/articles/writing-a-tech-blog-in-two-languages/",
    "/search/?query=検索",
    "/articles/tag/執筆/",
    "/articles/author/sato/",
    "/no-such-page/",
]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        reason = "axe-core is not installed: run `npm ci` (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE


SERIOUS_VIOLATIONS = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations
        .filter((v) => ["serious", "critical"].includes(v.impact))
        .map((v) => ({id: v.id, impact: v.impact,
                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


def test_no_serious_accessibility_violations(browser_page, live_server, axe_source):
    # One test for all pages: the demo content is loaded once, not once per page.
    call_command("load_demo", stdout=StringIO())
    found = {}
    for path in PAGES:
        browser_page.goto(live_server.url + path)
        # Evaluated through DevTools, which the site's Content-Security-Policy (no inline
        # script) does not govern; add_script_tag would insert an inline <script>.
        browser_page.evaluate(axe_source.read_text(encoding="utf-8") + "\n;0")
        found[path] = browser_page.evaluate(SERIOUS_VIOLATIONS)
    assert found == dict.fromkeys(PAGES, [])
