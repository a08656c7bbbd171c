"""Issue #13's figures as printed lines, each with its target: by bench/cold_render.py and
bench/page_cache.py on their own, and by `make bench` (bench/run.py) under its table, from the
JSON the two scripts give. No Django here: run.py only formats what they measured."""

COLD_TARGETS_MS = {"long article, 100 comments": 30.0, "2,400-character article, no comment": 12.0}
PER_COMMENT_TARGET_MS = 0.08
ROTATION_TARGET_MS = 2.0
SHARE_TARGET = 0.3  # of one core, at 100 confirmed comments an hour


def verdict(met):
    return "met" if met else "NOT met"


def cold_render_lines(results):
    """results: {"repeat": n, "rows": {label: [ms, queries]}, "per_comment_ms": ms,
    "comments": n} (bench/cold_render.py --json)."""
    lines = [f"Cold render, worker CPU (median of {results['repeat']}), no page cache:"]
    for label, (milliseconds, queries) in results["rows"].items():
        target = COLD_TARGETS_MS.get(label)
        judged = f"  target <= {target:.0f} ms: {verdict(milliseconds <= target)}" if target else ""
        lines.append(f"  {label:44s} {milliseconds:7.2f} ms {queries:3d} queries{judged}")
    per_comment = results["per_comment_ms"]
    lines.append(
        f"  each of the {results['comments']} comments adds {per_comment:.3f} ms "
        f"(target <= {PER_COMMENT_TARGET_MS} ms: {verdict(per_comment <= PER_COMMENT_TARGET_MS)})"
    )
    return lines


def page_cache_lines(results):
    """results: bench/page_cache.py --json."""
    rotation = results["rotation"]
    steady = rotation["steady_ms_mean"]
    lines = [
        f"Page cache over {results['articles']} articles (shared file cache, worker CPU):",
        f"  first pass (cold), median           {rotation['cold_ms_median']:8.2f} ms",
        f"  rotation, steady state, mean        {steady:8.3f} ms"
        f"  target <= {ROTATION_TARGET_MS} ms: {verdict(steady <= ROTATION_TARGET_MS)}",
    ]
    for row in results["simulation"]:
        target = ""
        if row["comments_an_hour"] == 100:
            target = f"  target <= {SHARE_TARGET}: {verdict(row['core_share'] <= SHARE_TARGET)}"
        lines.append(
            f"  {results['rate']} req/s, {row['comments_an_hour']:3d} comments/hour "
            f"({row['requests']} requests, {row['comments']} comments): "
            f"{row['cpu_ms_per_request']:.3f} ms a request, {row['core_share']:.3f} of a core"
            f"{target}"
        )
    return lines
