"""News day: readers on 150 Zipf-weighted URLs, with and without publishing.

(a) wrk drives the reader URLs through `masthead serve` with nobody
publishing; (b) the same while a wire story is imported with `masthead import
--publish` every PUBLISH_EVERY seconds, alternating the English and Bangla
editions. For each publish (b) also measures publish -> visible: from the
moment the import command exits until the story's URL answers 200 and its
section front, its edition's /latest/ and RSS feed carry its headline, polled
every 20 ms with plain anonymous GETs through the server.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from harness import (
    BIN,
    PROCS,
    Server,
    env_int,
    log,
    ms,
    path_of,
    wrk_command,
    wrk_result,
)
from wire import ninjs_item

URL_COUNT = 150
ZIPF_S = float(os.environ.get("BENCH_ZIPF_S", "1.0"))
# Four publishes at 15 s spacing unless BENCH_SECONDS asks for a short run.
SECONDS = env_int("BENCH_NEWSDAY_SECONDS", env_int("BENCH_SECONDS", 60))
CONNECTIONS = env_int("BENCH_CONNECTIONS", 64)
PUBLISH_EVERY = float(os.environ.get("BENCH_PUBLISH_EVERY", "15"))
WARM_SECONDS = env_int("BENCH_WARM_SECONDS", 60)
POLL_EVERY = 0.02
VISIBLE_TIMEOUT = 30.0
URI_PREFIX = "urn:bench:newsday:"


def reader_urls(server: Server) -> list[str]:
    """URL_COUNT paths readers ask for, most popular first: the two edition
    fronts, then a round of newest articles, section fronts, listings and
    feeds, tag pages and Bangla articles, repeated."""
    sections = server.get_json("/api/v1/sections")["editions"]
    top, sub = {}, {}
    for edition in sections:
        top[edition["edition"]] = [path_of(s["url"]) for s in edition["sections"]]
        sub[edition["edition"]] = [
            path_of(c["url"]) for s in edition["sections"] for c in s["children"]
        ]
    articles = {
        lang: server.get_json(f"/api/v1/articles?edition={lang}&limit=100")["items"]
        for lang in ("en", "bn")
    }
    tags = list(dict.fromkeys(t for a in articles["en"] for t in a["tags"]))
    queues = [
        [path_of(a["url"]) for a in articles["en"]],
        top["en"][:8] + top["bn"] + top["en"][8:] + sub["en"] + sub["bn"],
        ["/latest/", "/feeds/rss.xml", "/bn/latest/", "/bn/feeds/rss.xml"]
        + ["/feeds/atom.xml", "/bn/feeds/atom.xml"]
        + [f"/feeds/section/{p.strip('/')}/rss.xml" for p in top["en"][:3]]
        + [f"/feeds/tag/{slug}/rss.xml" for slug in tags[:2]],
        [f"/tag/{slug}/" for slug in tags],
        [path_of(a["url"]) for a in articles["bn"]],
    ]
    pattern = (0, 0, 1, 2, 0, 3, 4)  # one round: queues by index
    urls, seen = ["/", "/bn/"], {"/", "/bn/"}
    while len(urls) < URL_COUNT and any(queues):
        for index in pattern:
            queue = queues[index] or queues[0] or next(q for q in queues if q)
            path = queue.pop(0)
            if path not in seen and len(urls) < URL_COUNT:
                urls.append(path)
                seen.add(path)
            if not any(queues):
                break
    bad = [(path, status) for path in urls if (status := server.get(path)[0]) != 200]
    if bad:
        raise RuntimeError(f"reader URLs that do not answer 200: {bad[:10]}")
    return urls


def weights_file(urls: list[str], path: Path) -> None:
    with path.open("w") as out:
        for rank, url in enumerate(urls, start=1):
            out.write(f"{1 / rank**ZIPF_S:.8f}\t{url}\n")


def warm(server: Server, urls: list[str], path: Path) -> dict:
    """Every reader URL in both workers' page caches: wrk walks the list over
    and over (one GET each would reach one worker only) until nearly every
    answer is a page-cache hit, for at most WARM_SECONDS."""
    path.write_text("\n".join(urls) + "\n")
    deadline = time.monotonic() + WARM_SECONDS
    while True:
        result = wrk_result(
            PROCS.run(
                wrk_command(
                    server.url("/"),
                    seconds=3,
                    connections=16,
                    script="walk.lua",
                    script_args=(path, 2),
                )
            )[1]
        )
        hit_rate = result["cache_hits"] / max(1, sum(result["statuses"].values()))
        if hit_rate >= 0.999 or time.monotonic() > deadline:
            result["hit_rate"] = hit_rate
            return result


def reading(server: Server, weights: Path):
    return PROCS.start(
        wrk_command(
            server.url("/"),
            seconds=SECONDS,
            connections=CONNECTIONS,
            script="zipf.lua",
            script_args=(weights,),
        ),
        stdout=-1,
        stderr=-1,
        text=True,
    )


class Desk:
    """Publishes wire stories with `masthead import --publish` and watches
    each one reach readers."""

    def __init__(self, server: Server, editions: dict, work: Path):
        self.server = server
        self.editions = editions  # language -> (section path, edition prefix)
        self.work = work
        self.stamp = time.strftime("%Y%m%d%H%M%S")
        self.rng = random.Random(11)
        self.published: list[dict] = []

    def publish(self, n: int) -> dict:
        language = ("en", "bn")[n % 2]
        uri = f"{URI_PREFIX}{self.stamp}:{n}"
        headline = f"Newsday {self.stamp} story {n} river port relief"
        # Filed now, so it leads its section front, /latest/ and the feeds.
        now = datetime.now(UTC).isoformat(timespec="seconds")
        item = ninjs_item(
            self.rng,
            uri=uri,
            headline=headline,
            language=language,
            created=now,
            updated=now,
        )
        path = self.work / f"newsday-{n}.json"
        path.write_text(json.dumps(item))
        started = time.monotonic()
        code, out, err = PROCS.run(
            [BIN / "masthead", "import", "--publish", path],
            env=self.server.newsroom.env(),
            check=False,
        )
        acknowledged = time.monotonic()
        summary = out.strip().splitlines()[-1] if out.strip() else err[-500:]
        if code != 0 or "1 created" not in summary:
            raise RuntimeError(f"publish {n} failed ({code}): {summary}")
        seen = self.watch(uri, headline, language, acknowledged)
        result = {
            "n": n,
            "edition": language,
            "import_s": acknowledged - started,
            "visible_s": max(seen.values()) if None not in seen.values() else None,
            "seen": seen,
        }
        self.published.append(result)
        shown = ", ".join(
            f"{name} {'never' if t is None else ms(t * 1e6)}"
            for name, t in seen.items()
        )
        log(
            f"publish {n} ({language}): import {result['import_s']:.1f}s; "
            f"visible after {shown}"
        )
        return result

    def watch(self, uri: str, headline: str, language: str, since: float) -> dict:
        """Seconds after `since` at which each place first showed the story;
        each place is polled by its own thread, so one slow answer does not
        delay seeing the others."""
        section, prefix = self.editions[language]
        needle = headline.encode()
        lookup = f"/api/v1/articles?uri={urllib.parse.quote(uri)}"

        def story_page() -> bool:
            status, body = self.server.get(lookup)
            items = json.loads(body)["items"] if status == 200 else []
            return bool(items) and self.server.get(path_of(items[0]["url"]))[0] == 200

        def carries_headline(path: str):
            def check() -> bool:
                status, body = self.server.get(path)
                return status == 200 and needle in body

            return check

        checks = {
            "story": story_page,
            "section": carries_headline(section),
            "latest": carries_headline(f"{prefix}latest/"),
            "rss": carries_headline(f"{prefix}feeds/rss.xml"),
        }

        def poll(check) -> float | None:
            while time.monotonic() - since < VISIBLE_TIMEOUT:
                tick = time.monotonic()
                if check():
                    return time.monotonic() - since
                time.sleep(max(0.0, POLL_EVERY - (time.monotonic() - tick)))
            return None

        with ThreadPoolExecutor(len(checks)) as pool:
            futures = {name: pool.submit(poll, check) for name, check in checks.items()}
            return {name: future.result() for name, future in futures.items()}

    def withdraw_all(self) -> None:
        """Delete the stories this bench published, so the kept newsroom is
        the demo again for the other parts."""
        script = (
            "import django; django.setup()\n"
            "from masthead.wire.models import WireItem\n"
            f"items = WireItem.objects.filter(uri__startswith={URI_PREFIX!r})\n"
            "for item in items:\n"
            "    if item.page_id:\n"
            "        item.page.delete()\n"
            "print('{\"deleted\": %d}' % items.delete()[0])\n"
        )
        self.server.newsroom.python(script)


def editions(server: Server) -> dict:
    """Where wire stories are filed per language (masthead.wire.mapping): the
    edition's World+Biz section."""
    found = {}
    for edition in server.get_json("/api/v1/sections")["editions"]:
        prefix = path_of(edition["url"])
        slugs = {s["slug"]: path_of(s["url"]) for s in edition["sections"]}
        section = slugs.get("world-biz") or slugs.get("bangladesh")
        found[edition["edition"]] = (section, prefix)
    return found


def bench_newsday(newsroom) -> dict:
    load_seconds = newsroom.load()
    work = newsroom.data_dir / "bench-newsday"
    work.mkdir(exist_ok=True)
    with Server(newsroom, "newsday") as server:
        urls = reader_urls(server)
        weights = work / "urls.tsv"
        weights_file(urls, weights)
        warmed = warm(server, urls, work / "urls.txt")
        log(f"warmed: {warmed['hit_rate']:.1%} page-cache hits in the last pass")
        log(
            f"news day: {len(urls)} URLs (Zipf s={ZIPF_S}), wrk -t2 "
            f"-c{CONNECTIONS} -d{SECONDS}s; (a) nobody publishing"
        )
        quiet = wrk_result(reading(server, weights).communicate()[0])
        log(f"(b) a wire story every {PUBLISH_EVERY:.0f}s")
        desk = Desk(server, editions(server), work)
        reader = reading(server, weights)
        started, n = time.monotonic(), 0
        try:
            while reader.poll() is None:
                due = started + 1.0 + n * PUBLISH_EVERY
                if due > started + SECONDS - 1.0:
                    break
                time.sleep(max(0.0, due - time.monotonic()))
                desk.publish(n)
                n += 1
            busy = wrk_result(reader.communicate()[0])
        finally:
            PROCS.stop(reader)
    desk.withdraw_all()
    visible = [p["visible_s"] for p in desk.published]
    done = [v for v in visible if v is not None]
    return {
        "load_s": load_seconds,
        "urls": len(urls),
        "quiet": quiet,
        "busy": busy,
        "ratio": busy["rps"] / quiet["rps"] if quiet["rps"] else 0.0,
        "publishes": desk.published,
        "visible_max": max(done) if len(done) == len(visible) and done else None,
        "visible_median": statistics.median(done) if done else None,
        "never_visible": len(visible) - len(done),
    }
