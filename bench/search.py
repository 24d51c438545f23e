"""Reader search (masthead.search) at BENCH_ARTICLES_LARGE stories.

In-process on the large newsroom's own database (like related.py): tops the
Bangla edition up to BENCH_SEARCH_BANGLA stories written in Bangla (the demo
writes English stories; these are added here, never in masthead/demo/), then
times a full rebuild of the index (`masthead reindex`'s work), then
BENCH_SEARCH_RUNS runs of each query through the search selector with the
edition filter the search page applies, plus loading the page of cards:
a rare term, a common term, a two-word query (English edition) and a Bangla
query (Bangla edition). p50/p95 in ms and the ratio of p95 to the goal
(50 ms SQLite, 100 ms PostgreSQL).
"""

from __future__ import annotations

from harness import env_int, log
from scale import large_newsroom

RUNS = env_int("BENCH_SEARCH_RUNS", 40)
BANGLA = env_int("BENCH_SEARCH_BANGLA", 5000)
GOAL_MS = {"sqlite": 50.0, "postgres": 100.0}

SEARCH_SCRIPT = r"""
import json, random, statistics, sys, time
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from masthead.frontpage.models import HomePage
from masthead.newsroom.bulk import ArticleSpec, ArticleWriter
from masthead.newsroom.models import ArticlePage, SectionPage
from masthead.search import index, selectors, text

runs, bangla = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(11)
WORDS = ("নির্বাচন শিক্ষার্থী সরকার বাজার দাম বৃষ্টি নদী কৃষক চাল ব্যাংক আদালত "
         "মন্ত্রী সংসদ বিদ্যুৎ সড়ক দুর্ঘটনা ক্রিকেট খেলা স্বাস্থ্য হাসপাতাল "
         "শহর গ্রাম মানুষ সিদ্ধান্ত আলোচনা প্রকল্প বন্যা রপ্তানি আমদানি").split()

bn = HomePage.objects.get(locale__language_code="bn")
en = HomePage.objects.get(locale__language_code="en")
have = ArticlePage.objects.filter(slug__startswith="bench-bn-").count()
added = 0
if have < bangla:
    sections = list(SectionPage.objects.child_of(bn)) or [bn]
    now = timezone.now()
    writer = ArticleWriter(announce=False)
    for start in range(have, bangla, 500):
        specs = []
        for n in range(start, min(start + 500, bangla)):
            words = [rng.choice(WORDS) for _ in range(120)]
            specs.append(ArticleSpec(
                parent=rng.choice(sections), slug=f"bench-bn-{n}",
                title=" ".join(words[:6]), standfirst=" ".join(words[6:20]),
                published_at=now - timedelta(minutes=37 * n),
                body=[{"type": "paragraph",
                       "value": "<p>" + " ".join(words[20:]) + "</p>"}],
            ))
        writer.write(specs)
        added += len(specs)

started = time.perf_counter()
indexed, _ = index.rebuild()
reindex_s = time.perf_counter() - started

# Pick the terms from the index itself: a rare and a common English word.
sample = list(ArticlePage.objects.filter(locale_id=en.locale_id, live=True)
              .order_by("?").values_list("title", flat=True)[:60])
candidates = sorted({w for t in sample for w in text.words(t)
                     if len(w) > 3 and w.isalpha()})
en_filter = selectors.Filters(locale_id=en.locale_id, zone=en.time_zone)
bn_filter = selectors.Filters(locale_id=bn.locale_id, zone=bn.time_zone)
counts = {w: selectors.search(w, en_filter).count for w in candidates[:80]}
found = [w for w, c in counts.items() if c > 0]
rare = min(found, key=lambda w: counts[w])
common = sorted(found, key=lambda w: -counts[w])
queries = {
    "rare": (rare, en_filter, en),
    "common": (common[0], en_filter, en),
    "two words": (f"{common[0]} {common[1]}", en_filter, en),
    "bangla": ("নির্বাচন", bn_filter, bn),
}
out = {"indexed": indexed, "reindex_s": reindex_s, "bangla_added": added,
       "articles": ArticlePage.objects.live().count(), "queries": {}}
for name, (q, filters, home) in queries.items():
    selectors.search(q, filters)  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        results = selectors.search(q, filters)
        selectors.stories(results.ids[:10], results.words, home)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out["queries"][name] = {
        "q": q, "count": results.count, "more": results.more,
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
    }
print(json.dumps(out))
"""


def bench_search(leg) -> dict:
    newsroom = large_newsroom(leg)
    load_s = newsroom.load()
    log(f"search: reindex and {RUNS} runs of 4 queries")
    result = newsroom.python(SEARCH_SCRIPT, str(RUNS), str(BANGLA))
    return {"load_s": load_s, "goal_ms": GOAL_MS.get(leg.name, 100.0), **result}
