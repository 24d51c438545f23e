"""The article page: cold render in-process, hot through `masthead serve`
against Debian's nginx serving the very same bytes from a file."""

from __future__ import annotations

import shutil
import signal
import tempfile
import urllib.request
from pathlib import Path

from harness import PROCS, Server, env_int, free_port, log, path_of, wait_for, wrk

SECONDS = env_int("BENCH_SECONDS", 10)
# The issue measured the hot comparison with 32 connections.
HOT_CONNECTIONS = env_int("BENCH_HOT_CONNECTIONS", 32)

COLD_SCRIPT = r"""
import json, statistics, time
import django
django.setup()
from django.db import connection
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


def cold_render(newsroom) -> dict:
    """Median cold render (page cache bypassed: Django's test client) of the
    60 newest articles, and the most queries one of them took."""
    return newsroom.python(COLD_SCRIPT)


def hot_masthead(newsroom, path: str) -> tuple[dict, bytes]:
    with Server(newsroom, "page") as server:
        url = server.url(path)
        for _ in range(20):
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read()
        return wrk(url, seconds=SECONDS, connections=HOT_CONNECTIONS), body


# A plain location: the page is <path>/index.html under the root (nginx's
# index module), no try_files.
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
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        default_type text/html;
        location / {{ }}
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
    conf = NGINX_CONF.format(root=root, port=port)
    (root / "nginx.conf").write_text(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    server = PROCS.start([nginx, "-c", root / "nginx.conf", "-p", root])
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_for(url)
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == body, "nginx does not serve the same bytes"
        return wrk(url, seconds=SECONDS, connections=HOT_CONNECTIONS)
    finally:
        PROCS.stop(server, sig=signal.SIGQUIT)
        shutil.rmtree(root, ignore_errors=True)


def bench_page(newsroom) -> dict:
    """Cold render, hot masthead, hot nginx: the numbers for the summary."""
    load_seconds = newsroom.load()
    cold = cold_render(newsroom)
    path = path_of(cold["url"]) if "://" in cold["url"] else cold["url"]
    log(f"article page: {path}")
    masthead, body = hot_masthead(newsroom, path)
    nginx = hot_nginx(path, body)
    ratio = masthead["rps"] / nginx["rps"] if nginx["rps"] else 0.0
    return {
        "load_s": load_seconds,
        "cold": cold,
        "bytes": len(body),
        "masthead": masthead,
        "nginx": nginx,
        "ratio": ratio,
    }
