"""Servers the tests and bench/multi_host.py start on loopback: Redis, an S3 API server (moto)
and Varnish, each a child process that stop() ends."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}


def wait_for_port(host, port, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def stop(process, timeout=10):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def start_redis(port, folder, host="127.0.0.1"):
    """Redis keeping its snapshot (dump.rdb, written by SAVE) in folder and loading it when
    started again: what a restart from an old snapshot needs."""
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(port), "--bind", host, "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--daemonize", "no"],
        **QUIET,
    )  # fmt: skip
    wait_for_port(host, port)
    return process


def start_s3(port, host="127.0.0.1"):
    """moto's S3 API server (no credentials checked, in memory)."""
    server = Path(sys.executable).with_name("moto_server")
    command = [str(server), "-H", host, "-p", str(port)]
    process = subprocess.Popen(command, **QUIET)  # noqa: S603
    wait_for_port(host, port)
    return process


def start_varnish(vcl, port, folder, host="127.0.0.1"):
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("varnishd"), "-F", "-j", "none", "-n", str(Path(folder) / "varnish"),
         "-a", f"{host}:{port}", "-T", "none", "-f", str(vcl), "-s", "malloc,64m"],
        **QUIET,
    )  # fmt: skip
    wait_for_port(host, port)
    return process
