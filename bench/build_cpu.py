"""The build of the benchmark's data judged against issue #19's goal (≤ 10 minutes), with
the CPU it took: this process's finished children (the `generate_bench_data` command and its
worker processes) and the PostgreSQL server's finished connections. On a machine shared with
other jobs the wall clock waits for the CPU; the CPU seconds do not, so both are printed
(bench/run.py)."""

import os
import resource
from pathlib import Path

import psycopg


def _stat(pid):
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children_cpu_seconds():
    """User and system CPU of the children this process has waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu_seconds(database_url):
    """User and system CPU of the PostgreSQL server's finished connections (its postmaster's
    waited-for children), or 0.0 when the server is not on this machine or not readable."""
    try:
        with psycopg.connect(database_url) as connection:
            backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            postmaster = int(_stat(backend)[1])
        return sum(map(int, _stat(postmaster)[13:15])) / os.sysconf("SC_CLK_TCK")
    except (OSError, psycopg.Error):
        return 0.0


BUILD_GOAL_S = 600


def build_check(generation, nproc):
    """Issue #19's index build (≤ 10 minutes for the articles), judged on the wall clock of
    the whole generation, comments included (an upper bound); the CPU it took, spread over
    the machine's CPUs, says what a free machine would take when others' jobs share it."""
    cpu = generation["cpu_python_s"] + generation["cpu_postgres_s"]
    wall = generation["seconds"]
    return (
        f"build of {generation['articles']} articles (search index, vocabulary; comments "
        f"too) ≤ {BUILD_GOAL_S // 60} min",
        f"{wall:.0f} s wall; {cpu:.0f} s CPU = {cpu / nproc:.0f} s on {nproc} free CPUs",
        wall <= BUILD_GOAL_S,
    )
