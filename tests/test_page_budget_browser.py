"""Budgets of issue #17 in Chromium, on the demo's long article and home page: nothing moves
while the page loads and the reader scrolls (CLS ≤ 0.05: every picture has its width and
height, lazy ones included), and HTML + CSS + JS stay under 120 KB (uncompressed here: the
test server does not compress). The timings (LCP with a 4× slower CPU) come from
bench/page_budget.py, which prints them: a timed test would fail on a busy machine."""

import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import page_budget  # bench/page_budget.py: the same observer and weight rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RESERVED_CLS = 0.01


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server.url


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", [page_budget.ARTICLE, "/"])
def test_nothing_moves_and_the_page_stays_light(_chromium, demo, path, viewport):
    figures, element = page_budget.measure_once(
        _chromium,
        demo + path,
        page_budget.VIEWPORTS[viewport],
        Path(settings.MEDIA_ROOT),
        image_delay=0.4,  # pictures arrive after the text: one without its size would move it
    )
    # Every box is reserved, so the pages shift by nothing at all; 0.01 rather than the 0.05
    # budget: a hero without its size measured 0.035 here, under the budget but a regression.
    assert figures["cls"] <= RESERVED_CLS <= page_budget.BUDGETS["cls"], (figures, element)
    assert figures["decoded_kb"] <= page_budget.BUDGETS["weight_kb"], figures
    assert figures["lcp_s"] > 0 and element  # the observer saw the page paint
