"""`make bench`: how Masthead holds up for readers, on SQLite and PostgreSQL.

Parts (BENCH_PARTS, comma-separated; default all):

page     Loads a demo newsroom of BENCH_ARTICLES (default 10,000) into its own
         data dir (var/bench, kept between runs so the load happens once);
         cold render of the article page in-process (page cache bypassed:
         median ms and queries); hot throughput of that page through
         `masthead serve` against Debian's nginx serving the very same bytes
         from a file (wrk -t2 -c32), and the ratio.
newsday  150 reader URLs (edition fronts, section fronts, /latest/, tags,
         feeds, articles), Zipf-weighted, driven by wrk -t2 -c64 through a Lua
         script: (a) nobody publishing, (b) a wire story imported with
         `masthead import --publish` every 15 s; req/s, p50, p99, errors, the
         ratio (b)/(a), and publish -> visible for every story of (b).
scale    Cold render at BENCH_ARTICLES and BENCH_ARTICLES_LARGE (default
         100,000; var/bench100k, kept); cold renders per second through
         `masthead serve` at the large size (wrk walking ~20,000 distinct
         article URLs) with a hot reader alongside.
related  Related News computed per publish (newsroom.related): the story
         alone and with its neighbours' lists, at BENCH_ARTICLES and
         BENCH_ARTICLES_LARGE (BENCH_RELATED_SIZES, BENCH_RELATED_SAMPLES);
         median, p90, queries, and the ratio to the 50 ms goal.
beacons  POST /api/v1/beacons through `masthead serve` (wrk, every request a
         new reader) against the same beacons marked as prefetch (answered
         204 before any counting work: the trivial baseline);
         req/s, the ratio, and beacons answered 2xx vs counted (0 lost), in a
         newsroom of BENCH_BEACON_ARTICLES (default 300, var/bench-beacons).
search   Reader search at BENCH_ARTICLES_LARGE (the scale newsroom, with
         BENCH_SEARCH_BANGLA Bangla stories added): full reindex time, then
         p50/p95 of a rare term, a common term, a two-word query and a Bangla
         query through the search selector (BENCH_SEARCH_RUNS runs each), and
         the ratio of p95 to the goal (50 ms SQLite, 100 ms PostgreSQL).
import   `masthead import` of BENCH_WIRE_ITEMS (default 10,000) ninjs items
         into an empty newsroom, its background indexing, then the same file
         again (all skips).

Legs (BENCH_LEGS, default sqlite,postgres): SQLite with the file cache, and
PostgreSQL (BENCH_DATABASE_URL) + Redis (BENCH_REDIS_URL); a leg that cannot
be reached is skipped with the reason. Other knobs: BENCH_SECONDS,
BENCH_NEWSDAY_SECONDS, BENCH_SCALE_SECONDS, BENCH_CONNECTIONS,
BENCH_HOT_CONNECTIONS, BENCH_DATA_DIR, BENCH_DATA_DIR_LARGE, BENCH_WIRE_ITEMS,
BENCH_POSTGRES_URL (import), BENCH_ZIPF_S, BENCH_WALK_URLS.

Everything runs on 127.0.0.1; every process the bench starts is stopped at the
end, on an error and on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from beacons import bench_beacons
from harness import PROCS, REPO, Newsroom, ensure_tools, env_int, legs, log, ms
from newsday import bench_newsday
from page import HOT_CONNECTIONS, bench_page
from related import GOAL_MS, bench_related
from scale import ARTICLES_LARGE, bench_scale
from search import bench_search
from wire import WIRE_ITEMS, bench_import

ARTICLES = env_int("BENCH_ARTICLES", 10000)
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", REPO / "var" / "bench")).resolve()
PARTS = os.environ.get(
    "BENCH_PARTS", "page,newsday,scale,related,search,beacons,import"
).split(",")


def newsroom(leg) -> Newsroom:
    data_dir = DATA_DIR if leg.name == "sqlite" else Path(f"{DATA_DIR}-pg")
    return Newsroom(leg.for_newsroom(data_dir), data_dir, ARTICLES)


class Report:
    def __init__(self):
        self.details: list[str] = []
        self.rows: list[tuple] = []

    def line(self, text: str = "") -> None:
        self.details.append(text)
        print(text, flush=True)

    def row(self, part, leg, metric, value, goal="", verdict="") -> None:
        self.rows.append((part, leg, metric, value, goal, verdict))

    def table(self) -> str:
        head = ("part", "leg", "measure", "value", "goal", "")
        rows = [head, *self.rows]
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
        out = []
        for n, r in enumerate(rows):
            out.append(
                "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
            )
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in out)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report_page(rep: Report, leg, r: dict) -> None:
    cold, hot, nginx = r["cold"], r["masthead"], r["nginx"]
    rep.line(
        f"Article page — {leg.label}, {cold['articles']:,} live articles, "
        f"2 workers, wrk -t2 -c{HOT_CONNECTIONS}, page {r['bytes']:,} bytes"
    )
    rep.line(f"  demo load (or top-up check)     {r['load_s']:10.1f} s")
    rep.line(
        f"  article first view (median)     {cold['first_median_ms']:10.1f} ms"
        "   (makes the image renditions)"
    )
    rep.line(
        f"  article cold render (median)    {cold['median_ms']:10.1f} ms"
        f"   p90 {cold['p90_ms']:.1f} ms   {cold['queries']} queries"
    )
    rep.line(
        f"  article hot, masthead serve     {hot['rps']:10.0f} req/s"
        f"   p99 {ms(hot['p99_us'])}   non-2xx {hot['non2xx']}"
    )
    rep.line(
        f"  same bytes, nginx               {nginx['rps']:10.0f} req/s"
        f"   p99 {ms(nginx['p99_us'])}"
    )
    rep.line(f"  ratio masthead / nginx          {r['ratio']:10.2f} x")
    rep.row(
        "page",
        leg.name,
        "cold render",
        f"{cold['median_ms']:.1f} ms",
        "<= 12 ms",
        verdict(cold["median_ms"] <= 12),
    )
    rep.row(
        "page",
        leg.name,
        "cold render queries",
        cold["queries"],
        "<= 12",
        verdict(cold["queries"] <= 12),
    )
    rep.row("page", leg.name, "hot masthead", f"{hot['rps']:.0f} req/s")
    rep.row("page", leg.name, "hot nginx", f"{nginx['rps']:.0f} req/s")
    rep.row(
        "page",
        leg.name,
        "masthead / nginx",
        f"{r['ratio']:.2f} x",
        ">= 0.8 x",
        verdict(r["ratio"] >= 0.8),
    )


def report_newsday(rep: Report, leg, r: dict) -> None:
    from newsday import CONNECTIONS, PUBLISH_EVERY, SECONDS

    rep.line(
        f"News day — {leg.label}, {r['urls']} Zipf-weighted URLs, wrk -t2 "
        f"-c{CONNECTIONS} -d{SECONDS}s"
    )
    for key, label in (("quiet", "(a) nobody publishing"), ("busy", "(b) publishing")):
        w = r[key]
        statuses = ", ".join(f"{c}: {n}" for c, n in sorted(w["statuses"].items()))
        rep.line(
            f"  {label:<24} {w['rps']:8.0f} req/s   p50 {ms(w['p50_us'])}   "
            f"p99 {ms(w['p99_us'])}   non-2xx {w['non2xx']}   socket errors "
            f"{w['socket_errors']}   timeouts {w['timeouts']}   ({statuses})"
        )
    rep.line(f"  ratio (b) / (a)            {r['ratio']:8.2f}")
    rep.line(
        f"  publishes (one every {PUBLISH_EVERY:.0f}s): {len(r['publishes'])}; "
        "seconds from import exit to visible:"
    )
    for p in r["publishes"]:
        seen = "  ".join(
            f"{k} {'never' if v is None else f'{v:.2f}'}" for k, v in p["seen"].items()
        )
        rep.line(f"    #{p['n']} ({p['edition']}, import {p['import_s']:.1f}s)  {seen}")
    quiet, busy = r["quiet"], r["busy"]
    rep.row(
        "newsday",
        leg.name,
        "(b)/(a) req/s",
        f"{r['ratio']:.2f} ({busy['rps']:.0f}/{quiet['rps']:.0f})",
        ">= 0.9",
        verdict(r["ratio"] >= 0.9),
    )
    for key, name, goal in (("quiet", "(a)", 50), ("busy", "(b)", 100)):
        p99 = r[key]["p99_us"] / 1000
        rep.row(
            "newsday",
            leg.name,
            f"p99 {name}",
            f"{p99:.1f} ms",
            f"<= {goal} ms",
            verdict(p99 <= goal),
        )
        errors = r[key]["non2xx"] + r[key]["socket_errors"] + r[key]["timeouts"]
        rep.row(
            "newsday", leg.name, f"errors {name}", errors, "0", verdict(errors == 0)
        )
    if r["publishes"]:
        worst, median = r["visible_max"], r["visible_median"]
        rep.row(
            "newsday",
            leg.name,
            "publish->visible max",
            "never" if worst is None else f"{worst:.2f} s",
            "<= 1 s",
            verdict(worst is not None and worst <= 1.0),
        )
        rep.row(
            "newsday",
            leg.name,
            "publish->visible median",
            "-" if median is None else f"{median:.2f} s",
            "<= 1 s",
            verdict(median is not None and median <= 1.0),
        )


def report_scale(rep: Report, leg, r: dict) -> None:
    from scale import COLD_CONNECTIONS, HOT_CONNECTIONS, SECONDS

    rep.line(f"Cold renders at scale — {leg.label}")
    for key in ("small", "large"):
        cold, load = r[key]["cold"], r[key]["load_s"]
        rep.line(
            f"  {cold['articles']:>9,} articles: cold render {cold['median_ms']:.1f} ms"
            f" (p90 {cold['p90_ms']:.1f}), {cold['queries']} queries; demo load "
            f"(or top-up check) {load:.1f} s"
        )
        rep.row(
            "scale",
            leg.name,
            f"cold render @{cold['articles']:,}",
            f"{cold['median_ms']:.1f} ms, {cold['queries']} q",
        )
        rep.row("scale", leg.name, f"demo load @{cold['articles']:,}", f"{load:.0f} s")
    cold, hot = r["cold"], r["hot"]
    rep.line(
        f"  through masthead serve, {SECONDS}s: {cold['renders_per_s']:.0f} cold "
        f"renders/s (wrk -c{COLD_CONNECTIONS} over {r['walk_urls']:,} URLs, "
        f"{cold['cache_hits']} cache hits, p50 {ms(cold['p50_us'])}, p99 "
        f"{ms(cold['p99_us'])}, non-2xx {cold['non2xx']}, socket errors "
        f"{cold['socket_errors']}, timeouts {cold['timeouts']})"
    )
    rep.line(
        f"  meanwhile a hot URL (wrk -t1 -c{HOT_CONNECTIONS}): {hot['rps']:.0f} "
        f"req/s, p99 {ms(hot['p99_us'])}, non-2xx {hot['non2xx']}"
    )
    rep.row(
        "scale",
        leg.name,
        "cold renders/s (serve)",
        f"{cold['renders_per_s']:.0f}",
        ">= 150",
        verdict(cold["renders_per_s"] >= 150),
    )
    rep.row(
        "scale",
        leg.name,
        "hot URL meanwhile",
        f"{hot['rps']:.0f} req/s, p99 {ms(hot['p99_us'])}",
    )


def report_import(rep: Report, leg, r: dict) -> None:
    rep.line(f"Wire import — {leg.label}, {WIRE_ITEMS:,} ninjs 2.x items, published")
    rep.line(f"  new stories                     {r['first']:10.0f} items/s")
    rep.line(f"  new + indexed (queue)           {r['indexed']:10.0f} items/s")
    rep.line(f"  same file again                 {r['again']:10.0f} items/s")
    rep.row(
        "import",
        leg.name,
        "new stories",
        f"{r['first']:.0f} items/s",
        ">= 200",
        verdict(r["first"] >= 200),
    )
    rep.row("import", leg.name, "new + indexed", f"{r['indexed']:.0f} items/s")
    rep.row("import", leg.name, "same file again", f"{r['again']:.0f} items/s")


def report_related(rep: Report, leg, r: dict) -> None:
    rep.line(f"Related News per publish — {leg.label}")
    for one in r.values():
        articles = f"{one['articles']:,}"
        for key, label in (("alone", "story alone"), ("publish", "with neighbours")):
            t = one[key]
            rep.line(
                f"  {articles:>9} articles, {label:<16} median {t['median_ms']:6.1f} ms"
                f"  p90 {t['p90_ms']:6.1f} ms  max {t['max_ms']:6.1f} ms  "
                f"({t['median_ms'] / GOAL_MS:.2f} x the goal)"
            )
            rep.row(
                "related",
                leg.name,
                f"{label} @{articles}",
                f"{t['median_ms']:.1f} ms",
                f"<= {GOAL_MS:.0f} ms",
                verdict(t["median_ms"] <= GOAL_MS),
            )
        rep.line(
            f"  {articles:>9} articles: {one['queries']} queries per publish, "
            f"{one['samples']} samples; demo load (or top-up check) "
            f"{one['load_s']:.1f} s"
        )


def report_search(rep: Report, leg, r: dict) -> None:
    goal = r["goal_ms"]
    rep.line(
        f"Search — {leg.label}, {r['articles']:,} live articles "
        f"({r['bangla_added']:,} Bangla added this run)"
    )
    rep.line(f"  full reindex of {r['indexed']:,} stories   {r['reindex_s']:8.1f} s")
    rep.row("search", leg.name, "reindex", f"{r['reindex_s']:.0f} s")
    for name, q in r["queries"].items():
        count = f"{q['count']:,}{'+' if q['more'] else ''}"
        rep.line(
            f"  {name:<10} {q['q'][:28]!r:<30} {count:>8} matches  "
            f"p50 {q['p50_ms']:6.1f} ms  p95 {q['p95_ms']:6.1f} ms  "
            f"({q['p95_ms'] / goal:.2f} x the goal)"
        )
        rep.row(
            "search",
            leg.name,
            f"p95 {name}",
            f"{q['p95_ms']:.1f} ms",
            f"<= {goal:.0f} ms",
            verdict(q["p95_ms"] <= goal),
        )


def report_beacons(rep: Report, leg, r: dict) -> None:
    from beacons import CONNECTIONS, SECONDS

    b, t = r["beacons"], r["trivial"]
    rep.line(
        f"Beacons — {leg.label}, {r['stories']} stories, wrk -t2 -c{CONNECTIONS} "
        f"-d{SECONDS}s"
    )
    rep.line(
        f"  beacons                   {b['rps']:10.0f} req/s   p99 {ms(b['p99_us'])}"
        f"   statuses {b['statuses']}"
    )
    rep.line(
        f"  same, prefetch (trivial)  {t['rps']:10.0f} req/s   p99 {ms(t['p99_us'])}"
    )
    rep.line(f"  ratio beacons / trivial   {r['ratio']:10.2f} x")
    rep.line(
        f"  answered 2xx {r['accepted']:,}, counted {r['counted']:,}, "
        f"lost {r['lost']:,}"
    )
    rep.row("beacons", leg.name, "beacons", f"{b['rps']:.0f} req/s")
    rep.row(
        "beacons",
        leg.name,
        "beacons / trivial",
        f"{r['ratio']:.2f} x",
        ">= 0.8 x",
        verdict(r["ratio"] >= 0.8),
    )
    rep.row("beacons", leg.name, "lost", r["lost"], "0", verdict(r["lost"] == 0))


PARTS_RUN = {
    "page": (lambda leg: bench_page(newsroom(leg)), report_page),
    "newsday": (lambda leg: bench_newsday(newsroom(leg)), report_newsday),
    "scale": (lambda leg: bench_scale(newsroom(leg), leg), report_scale),
    "import": (bench_import, report_import),
    "beacons": (bench_beacons, report_beacons),
    "related": (lambda leg: bench_related(newsroom(leg), leg), report_related),
    "search": (bench_search, report_search),
}


def run(rep: Report) -> int:
    unknown = [p for p in PARTS if p not in PARTS_RUN]
    if unknown:
        raise SystemExit(
            f"bench: unknown BENCH_PARTS {unknown}; pick from {','.join(PARTS_RUN)}"
        )
    if {"page", "newsday", "scale", "beacons"} & set(PARTS):
        ensure_tools()
    log(
        f"parts {','.join(PARTS)}; {ARTICLES:,} articles"
        + (f", {ARTICLES_LARGE:,} at scale" if "scale" in PARTS else "")
    )
    failed = 0
    for leg in legs():
        reason = newsroom(leg).leg.unavailable()
        for part in PARTS:
            if reason:
                rep.line(f"{part} on {leg.label}: SKIPPED — {reason}")
                rep.row(part, leg.name, "SKIPPED", reason[:60])
                continue
            measure, show = PARTS_RUN[part]
            log(f"{part} on {leg.label}")
            started = time.monotonic()
            try:
                result = measure(leg)
            except (RuntimeError, OSError, ValueError, KeyError) as exc:
                failed += 1
                rep.line(f"{part} on {leg.label}: FAILED — {exc}")
                rep.row(part, leg.name, "FAILED", str(exc).splitlines()[0][:60])
                continue
            took = time.monotonic() - started
            if "skipped" in result:
                rep.line(f"{part} on {leg.label}: SKIPPED — {result['skipped']}")
                rep.row(part, leg.name, "SKIPPED", result["skipped"][:60])
                continue
            rep.line()
            show(rep, leg, result)
            rep.line(f"  ({part} took {took:.0f} s)")
            rep.row(part, leg.name, "part took", f"{took:.0f} s")
            rep.line()
    return 1 if failed else 0


def main() -> int:
    # SIGTERM and SIGINT (even where the shell started us with it ignored)
    # end the bench like a Ctrl-C: through the finally below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rep = Report()
    try:
        code = run(rep)
    except KeyboardInterrupt:
        log("interrupted; stopping what the bench started")
        code = 130
    finally:
        PROCS.stop_all()
    print()
    print("\n".join(rep.details))
    print()
    print("Summary")
    print(rep.table())
    return code


if __name__ == "__main__":
    sys.exit(main())
