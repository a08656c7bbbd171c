"""`make bench` prints issue #13's figures with their targets (bench/issue13_report.py): the
three cold renders, what a comment adds, the rotation and the two simulations."""

from bench.build_cpu import build_check, postgres_cpu_seconds
from bench.issue13_report import cold_render_lines, page_cache_lines
from bench.ports import free_port

COLD = {
    "repeat": 40,
    "rows": {
        "long article, 100 comments": [29.5, 16],
        "long article, no comment": [26.0, 16],
        "2,400-character article, no comment": [14.25, 15],
        "2,400-character article, every cache off": [26.5, 22],
    },
    "per_comment_ms": 0.035,
    "comments": 100,
}
CACHE = {
    "articles": 1000,
    "rate": 50,
    "rotation": {"cold_ms_median": 35.0, "steady_ms_mean": 0.81, "steady_ms_median": 0.7},
    "simulation": [
        {"comments_an_hour": 10, "requests": 30000, "comments": 1, "cpu_ms_per_request": 0.81,
         "core_share": 0.04},
        {"comments_an_hour": 100, "requests": 30000, "comments": 16, "cpu_ms_per_request": 7.0,
         "core_share": 0.35},
    ],
}  # fmt: skip


def test_each_cold_render_is_judged_against_its_target():
    lines = cold_render_lines(COLD)
    assert lines[1].startswith("  long article, 100 comments") and lines[1].endswith(": met")
    assert "26.00 ms  16 queries" in lines[2] and "target" not in lines[2]
    assert "14.25 ms" in lines[3] and lines[3].endswith("target <= 12 ms: NOT met")
    assert "26.50 ms  22 queries" in lines[4] and "target" not in lines[4]  # no target: a figure
    assert lines[5] == "  each of the 100 comments adds 0.035 ms (target <= 0.08 ms: met)"


def test_the_rotation_and_the_simulations_are_printed_with_the_share_of_a_core():
    lines = page_cache_lines(CACHE)
    assert lines[2].endswith("0.810 ms  target <= 2.0 ms: met")
    assert "10 comments/hour" in lines[3] and "target" not in lines[3]
    assert lines[4].endswith("0.350 of a core  target <= 0.3: NOT met")


# --------------------------------------------------------------------------- issue #19's build

BUILD = {"articles": 10000, "comments": 100000, "seconds": 540.0, "cpu_python_s": 620.0,
         "cpu_postgres_s": 360.0, "load": 1.2}  # fmt: skip


def test_the_build_is_judged_on_its_wall_clock_with_its_cpu_beside_it():
    label, figure, met = build_check(BUILD, 2)
    assert label == "build of 10000 articles (search index, vocabulary; comments too) ≤ 10 min"
    assert figure == "540 s wall; 980 s CPU = 490 s on 2 free CPUs"
    assert met
    assert not build_check({**BUILD, "seconds": 601.0}, 2)[2]  # a busy machine: said so


def test_the_server_cpu_is_zero_when_no_server_answers():
    assert postgres_cpu_seconds(f"postgres://nobody@127.0.0.1:{free_port()}/none") == 0.0
