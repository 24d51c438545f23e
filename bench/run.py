"""`make bench`: the article page, cold and hot, against nginx serving the same bytes.

1. Loads a demo newsroom of BENCH_ARTICLES (default 10,000) into its own data
   dir (var/bench, kept between runs so the load happens once).
2. Cold render: renders article pages in-process with the page cache bypassed
   and reports the median time and the number of queries.
3. Hot throughput: starts `masthead serve`, warms one article URL, and drives it
   with wrk over loopback; then starts Debian's nginx on loopback serving the
   very same bytes from a file, drives it the same way, and prints the ratio.
4. Wire import: `masthead import` of BENCH_WIRE_ITEMS (default 10,000) ninjs
   2.x items (JSON Lines, no images) into an empty newsroom, published, on
   SQLite and on PostgreSQL (BENCH_POSTGRES_URL, default the local server;
   skipped with the reason when it cannot be reached); then the same file
   again, where every item is skipped as already imported.

BENCH_PARTS=page,import picks the parts (default both).

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
WIRE_ITEMS = int(os.environ.get("BENCH_WIRE_ITEMS", "10000"))
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_import"
)
PARTS = set(os.environ.get("BENCH_PARTS", "page,import").split(","))


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


WORDS = (
    "the minister said on tuesday that river flood relief budget dhaka trade "
    "cricket port garment export monsoon harvest court election bank rate"
).split()
SUBJECTS = ("Politics", "Economy", "Cricket", "Floods", "Trade", "Courts")


def wire_items(path: Path, count: int) -> None:
    """`count` ninjs 2.x text items as JSON Lines, about 2 KB each."""
    import random

    rng = random.Random(7)

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(24)).capitalize() + "."

    with path.open("w") as out:
        for n in range(count):
            item = {
                "uri": f"urn:bench:wire:{n}",
                "version": "1",
                "type": "text",
                "language": "en",
                "pubstatus": "usable",
                "firstcreated": "2026-11-01T10:00:00+00:00",
                "versioncreated": "2026-11-01T10:05:00+00:00",
                "headlines": [{"role": "main", "value": f"{sentence()[:70]} {n}"}],
                "descriptions": [{"role": "summary", "value": sentence()}],
                "bodies": [
                    {
                        "role": "main",
                        "contenttype": "text/html",
                        "value": "".join(f"<p>{sentence()}</p>" for _ in range(8)),
                    }
                ],
                "by": "Staff Correspondent",
                "copyrightholder": "Bench Wire Agency",
                "subjects": [{"name": rng.choice(SUBJECTS)}],
            }
            out.write(json.dumps(item) + "\n")


def postgres_ready(url: str) -> str:
    """Empty the bench database; the reason it cannot be used, or ''."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"
    parsed = urllib.request.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return f"PostgreSQL at {parsed.hostname}:{parsed.port} unavailable: {exc}"
    return ""


def import_run(env: dict, path: Path) -> float:
    """Seconds `masthead import` reports for one run (its own timer)."""
    done = subprocess.run(
        [BIN / "masthead", "import", str(path), "--publish"],
        env=env,
        capture_output=True,
        text=True,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    found = re.search(r"\((\d+(?:\.\d+)?)s\)$", summary)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"import failed ({done.returncode}): {summary}")
    log(summary)
    return float(found.group(1))


def import_throughput(database_url: str | None) -> dict:
    """Items per second: first import into an empty newsroom, then again."""
    root = Path(tempfile.mkdtemp(prefix="masthead-bench-wire-"))
    try:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL")
        }
        env.update(
            MASTHEAD_DATA_DIR=str(root / "data"),
            MASTHEAD_DEMO="1",
            DJANGO_SETTINGS_MODULE="masthead.settings.production",
        )
        if database_url:
            env["DATABASE_URL"] = database_url
        subprocess.run(
            [BIN / "masthead", "manage", "migrate", "-v0"], check=True, env=env
        )
        items = root / "items.jsonl"
        wire_items(items, WIRE_ITEMS)
        first = import_run(env, items)
        # Search and reference indexing of the new stories is queued by their
        # events: time the worker that drains it, so the figure is honest.
        started = time.monotonic()
        subprocess.run(
            [BIN / "masthead", "worker", "--until-empty"],
            check=True,
            env=env,
            capture_output=True,
        )
        drained = time.monotonic() - started
        log(f"background indexing drained in {drained:.1f}s")
        again = import_run(env, items)
        return {
            "first": WIRE_ITEMS / first,
            "indexed": WIRE_ITEMS / (first + drained),
            "again": WIRE_ITEMS / again,
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def bench_import() -> list[str]:
    lines = [f"Wire import — {WIRE_ITEMS:,} ninjs 2.x items, published, no images"]
    log("wire import on SQLite")
    sqlite = import_throughput(None)
    lines.append(
        f"  SQLite: new stories             {sqlite['first']:10.0f} items/s"
        f"   ({sqlite['first'] / 200:.1f} x the 200 items/s target)"
    )
    lines.append(f"  SQLite: new + indexed (queue)   {sqlite['indexed']:10.0f} items/s")
    lines.append(f"  SQLite: same file again         {sqlite['again']:10.0f} items/s")
    reason = postgres_ready(POSTGRES_URL)
    if reason:
        lines.append(f"  PostgreSQL: SKIPPED — {reason}")
    else:
        log("wire import on PostgreSQL")
        pg = import_throughput(POSTGRES_URL)
        lines.append(f"  PostgreSQL: new stories         {pg['first']:10.0f} items/s")
        lines.append(f"  PostgreSQL: new + indexed       {pg['indexed']:10.0f} items/s")
        lines.append(f"  PostgreSQL: same file again     {pg['again']:10.0f} items/s")
    return lines


def bench_page() -> list[str]:
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
    return [
        f"Masthead bench — {cold['articles']:,} live articles, SQLite, 2 workers, "
        f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s, page {len(body):,} bytes",
        f"  demo load (or top-up check)     {load_seconds:10.1f} s",
        f"  article first view (median)     {cold['first_median_ms']:10.1f} ms"
        "   (makes the image renditions)",
        f"  article cold render (median)    {cold['median_ms']:10.1f} ms"
        f"   p90 {cold['p90_ms']:.1f} ms   {cold['queries']} queries",
        f"  article hot, masthead serve     {masthead['rps']:10.0f} req/s"
        f"   p99 {masthead['p99']}   non-2xx {masthead['non2xx']}",
        f"  same bytes, nginx               {nginx['rps']:10.0f} req/s"
        f"   p99 {nginx['p99']}",
        f"  ratio masthead / nginx          {ratio:10.2f} x   (target >= 0.5 x)",
    ]


def main() -> int:
    report = []
    if "page" in PARTS:
        report += bench_page() + [""]
    if "import" in PARTS:
        report += bench_import()
    print()
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
