"""Cold renders at scale: the article page at 10,000 and 100,000 stories.

In-process cold render time and query count on both newsrooms; then, on the
large one, cold renders per second through `masthead serve`: wrk walks
~20,000 distinct article URLs, each once, so every request misses the page
cache, while a second wrk reads one hot URL to show whether hot pages stay
fast meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness import (
    PROCS,
    REPO,
    Newsroom,
    Server,
    env_int,
    log,
    wrk_command,
    wrk_result,
)
from page import cold_render

ARTICLES_LARGE = env_int("BENCH_ARTICLES_LARGE", 100000)
DATA_DIR_LARGE = Path(
    os.environ.get("BENCH_DATA_DIR_LARGE", REPO / "var" / "bench100k")
).resolve()
SECONDS = env_int("BENCH_SCALE_SECONDS", env_int("BENCH_SECONDS", 10))
WALK_URLS = env_int("BENCH_WALK_URLS", 20000)
COLD_CONNECTIONS = env_int("BENCH_COLD_CONNECTIONS", 16)
HOT_CONNECTIONS = env_int("BENCH_SCALE_HOT_CONNECTIONS", 16)
WARM_URLS = 50  # first views that make image renditions, not timed

URLS_SCRIPT = r"""
import json, random, sys
import django
django.setup()
from django.test import RequestFactory
from wagtail.models import Page
from masthead.newsroom.models import ArticlePage

count, out = int(sys.argv[1]), sys.argv[2]
ids = list(ArticlePage.objects.live().public().values_list("id", flat=True))
ids = random.Random(5).sample(ids, min(count, len(ids)))
request = RequestFactory().get("/")  # caches the site root paths
with open(out, "w") as paths:
    for start in range(0, len(ids), 2000):
        pages = Page.objects.in_bulk(ids[start:start + 2000])
        for pk in ids[start:start + 2000]:
            paths.write(pages[pk].get_url(request=request) + "\n")
print(json.dumps({"urls": len(ids)}))
"""


def large_newsroom(leg) -> Newsroom:
    data_dir = DATA_DIR_LARGE if leg.name == "sqlite" else Path(f"{DATA_DIR_LARGE}-pg")
    return Newsroom(leg.for_newsroom(data_dir, "100k"), data_dir, ARTICLES_LARGE)


def cold_walk(newsroom: Newsroom) -> dict:
    work = newsroom.data_dir / "bench-scale"
    work.mkdir(exist_ok=True)
    paths_file = work / "article-urls.txt"
    newsroom.python(URLS_SCRIPT, str(WALK_URLS + WARM_URLS), str(paths_file))
    paths = paths_file.read_text().split()
    warm, walk = paths[:WARM_URLS], paths[WARM_URLS:]
    paths_file.write_text("\n".join(walk) + "\n")
    with Server(newsroom, "scale") as server:
        for path in warm:
            server.get(path, timeout=30)
        hot_path = "/"
        for _ in range(20):
            server.get(hot_path)
        log(
            f"cold walk over {len(walk):,} article URLs (-c{COLD_CONNECTIONS}) with "
            f"a hot reader on {hot_path} (-c{HOT_CONNECTIONS}), {SECONDS}s"
        )
        cold = PROCS.start(
            wrk_command(
                server.url("/"),
                seconds=SECONDS,
                connections=COLD_CONNECTIONS,
                script="walk.lua",
                script_args=(paths_file, 2),
            ),
            stdout=-1,
            stderr=-1,
            text=True,
        )
        hot = PROCS.start(
            wrk_command(
                server.url(hot_path),
                threads=1,
                seconds=SECONDS,
                connections=HOT_CONNECTIONS,
            ),
            stdout=-1,
            stderr=-1,
            text=True,
        )
        try:
            cold_result = wrk_result(cold.communicate()[0])
            hot_result = wrk_result(hot.communicate()[0])
        finally:
            PROCS.stop(cold)
            PROCS.stop(hot)
    # Renders: pages answered 200 that did not come from the page cache (a
    # 503 is a render the server had no room for).
    answered = int(cold_result["statuses"].get("200", 0))
    misses = answered - cold_result["cache_hits"]
    seconds = cold_result["duration_us"] / 1e6
    cold_result["renders_per_s"] = misses / seconds if seconds else 0.0
    return {"cold": cold_result, "hot": hot_result, "walk_urls": len(walk)}


def bench_scale(small: Newsroom, leg) -> dict:
    """Cold render at the page part's size and at ARTICLES_LARGE; cold
    renders per second through the server at ARTICLES_LARGE."""
    large = large_newsroom(leg)
    reason = large.leg.unavailable()
    if reason:
        return {"skipped": reason}
    small_load = small.load()
    small_cold = cold_render(small)
    large_load = large.load()
    large_cold = cold_render(large)
    walk = cold_walk(large)
    return {
        "small": {"load_s": small_load, "cold": small_cold},
        "large": {"load_s": large_load, "cold": large_cold},
        **walk,
    }
