"""Related News per publish: computing a story's list and putting it into
its neighbours' lists (newsroom.related), at BENCH_ARTICLES and
BENCH_ARTICLES_LARGE stories.

In-process on the newsroom's own database: for the BENCH_RELATED_SAMPLES
newest stories, the story alone (`refresh([pk], neighbours=False)`) and the
story with its neighbour refresh (`refresh([pk])`, what the task does on a
publish); median and p90 in ms, the queries of one, and the ratio of the
median to the goal (50 ms).
"""

from __future__ import annotations

import os

from harness import Newsroom, env_int, log
from scale import large_newsroom

SAMPLES = env_int("BENCH_RELATED_SAMPLES", 60)
SIZES = os.environ.get("BENCH_RELATED_SIZES", "small,large").split(",")
GOAL_MS = 50.0

RELATED_SCRIPT = r"""
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.related import refresh

samples = int(sys.argv[1])
ids = list(ArticlePage.objects.live().order_by("-published_at")
           .values_list("pk", flat=True)[:samples])
refresh(ids[:3])  # warm: compiled queries, the live-story count

def timed(neighbours):
    times = []
    for pk in ids:
        start = time.perf_counter()
        refresh([pk], neighbours=neighbours)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times),
            "p90_ms": times[int(len(times) * 0.9)], "max_ms": times[-1]}

alone = timed(False)
publish = timed(True)
with CaptureQueriesContext(connection) as captured:
    refresh([ids[0]])
print(json.dumps({"alone": alone, "publish": publish, "samples": len(ids),
                  "queries": len(captured.captured_queries),
                  "articles": ArticlePage.objects.live().count()}))
"""


def bench_related(small: Newsroom, leg) -> dict:
    out = {}
    for size in SIZES:
        newsroom = small if size == "small" else large_newsroom(leg)
        load_s = newsroom.load()
        log(f"related news per publish: {SAMPLES} newest stories")
        out[size] = {"load_s": load_s, **newsroom.python(RELATED_SCRIPT, str(SAMPLES))}
    return out
