"""`make bench`: the article page, cold and hot, against nginx serving the same bytes.

1. Loads a demo newsroom of BENCH_ARTICLES (default 10,000) into its own data
   dir (var/bench, kept between runs so the load happens once).
2. Cold render: renders article pages in-process with the page cache bypassed
   and reports the median time and the number of queries.
3. Hot throughput: starts `masthead serve`, warms one article URL, and drives it
   with wrk over loopback; then starts Debian's nginx on loopback serving the
   very same bytes from a file, drives it the same way, and prints the ratio.

Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", REPO / "var" / "bench")).resolve()


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def ensure_tools() -> None:
    missing = [
        pkg
        for tool, pkg in (("wrk", "wrk"), ("nginx", "nginx-light"))
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing:
        log(f"installing {' '.join(missing)} from Debian")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env() -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        MASTHEAD_DATA_DIR=str(DATA_DIR),
        MASTHEAD_DEMO="1",
        DJANGO_SETTINGS_MODULE="masthead.settings.production",
    )
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    return env


def load_newsroom() -> float:
    started = time.monotonic()
    subprocess.run(
        [BIN / "masthead", "demo", "--articles", str(ARTICLES)],
        check=True,
        env=bench_env(),
    )
    elapsed = time.monotonic() - started
    subprocess.run(
        [BIN / "masthead", "manage", "collectstatic", "--noinput", "-v0"],
        check=True,
        env=bench_env(),
    )
    return elapsed


COLD_SCRIPT = r"""
import json, statistics, time
import django
django.setup()
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from masthead.newsroom.models import ArticlePage

client = Client()
urls = [a.url for a in ArticlePage.objects.live().order_by("-published_at")[:60]]
first = []
for url in urls:
    # The first view of a story also makes its image renditions (once per image).
    start = time.perf_counter()
    client.get(url)
    first.append((time.perf_counter() - start) * 1000)
times, queries = [], []
for url in urls:
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    queries.append(len(ctx.captured_queries))
print(json.dumps({"url": urls[0], "median_ms": statistics.median(times),
                  "first_median_ms": statistics.median(first),
                  "p90_ms": sorted(times)[int(len(times) * 0.9)],
                  "queries": max(queries), "samples": len(times),
                  "articles": ArticlePage.objects.live().count()}))
"""


def cold_render() -> dict:
    env = dict(bench_env(), MASTHEAD_ALLOWED_HOSTS="testserver")
    result = subprocess.run(
        [BIN / "python", "-c", COLD_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: cold render failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"bench: {url} did not answer 200")


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rate,
        "p99": p99.group(1) if p99 else "?",
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def hot_masthead(path: str) -> tuple[dict, bytes]:
    port = free_port()
    log_path = DATA_DIR / "bench-serve.log"
    with log_path.open("w") as log_file:
        server = subprocess.Popen(
            [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
            env=bench_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}{path}"
        try:
            wait_for(url)
        except SystemExit:
            print(log_path.read_text()[-3000:])
            raise
        for _ in range(20):
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read()
        return wrk(url), body
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


NGINX_CONF = """
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type text/html;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        location / {{ try_files $uri/index.html =404; }}
    }}
}}
"""


def hot_nginx(path: str, body: bytes) -> dict:
    root = Path(tempfile.mkdtemp(prefix="masthead-bench-nginx-"))
    root.chmod(0o755)  # nginx's workers drop root privileges
    (root / "tmp").mkdir()
    page_dir = root / "www" / path.strip("/")
    page_dir.mkdir(parents=True)
    (page_dir / "index.html").write_bytes(body)
    port = free_port()
    (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    server = subprocess.Popen([nginx, "-c", str(root / "nginx.conf"), "-p", str(root)])
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_for(url)
        return wrk(url)
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(20)
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    ensure_tools()
    log(f"data dir {DATA_DIR}; loading {ARTICLES:,} articles (kept between runs)")
    load_seconds = load_newsroom()
    cold = cold_render()
    path = (
        urllib.request.urlparse(cold["url"]).path
        if "://" in cold["url"]
        else cold["url"]
    )
    log(f"article page: {path}")
    masthead, body = hot_masthead(path)
    nginx = hot_nginx(path, body)
    ratio = masthead["rps"] / nginx["rps"] if nginx["rps"] else 0.0
    print()
    print(
        f"Masthead bench — {cold['articles']:,} live articles, SQLite, 2 workers, "
        f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s, page {len(body):,} bytes"
    )
    print(f"  demo load (or top-up check)     {load_seconds:10.1f} s")
    print(
        f"  article first view (median)     {cold['first_median_ms']:10.1f} ms"
        "   (makes the image renditions)"
    )
    print(
        f"  article cold render (median)    {cold['median_ms']:10.1f} ms"
        f"   p90 {cold['p90_ms']:.1f} ms   {cold['queries']} queries"
    )
    print(
        f"  article hot, masthead serve     {masthead['rps']:10.0f} req/s"
        f"   p99 {masthead['p99']}   non-2xx {masthead['non2xx']}"
    )
    print(
        f"  same bytes, nginx               {nginx['rps']:10.0f} req/s"
        f"   p99 {nginx['p99']}"
    )
    print(f"  ratio masthead / nginx          {ratio:10.2f} x   (target >= 0.5 x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
