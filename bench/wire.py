"""Wire copy for the bench, and `masthead import` throughput."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from harness import BIN, PROCS, env_int, log, postgres_database

WIRE_ITEMS = env_int("BENCH_WIRE_ITEMS", 10000)
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench_import"
)
WORDS = (
    "the minister said on tuesday that river flood relief budget dhaka trade "
    "cricket port garment export monsoon harvest court election bank rate"
).split()
SUBJECTS = ("Politics", "Economy", "Cricket", "Floods", "Trade", "Courts")


def ninjs_item(
    rng: random.Random,
    *,
    uri: str,
    headline: str,
    language: str = "en",
    created: str = "2026-11-01T10:00:00+00:00",
    updated: str = "2026-11-01T10:05:00+00:00",
) -> dict:
    """One ninjs 2.x text item, about 2 KB."""

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(24)).capitalize() + "."

    return {
        "uri": uri,
        "version": "1",
        "type": "text",
        "language": language,
        "pubstatus": "usable",
        "firstcreated": created,
        "versioncreated": updated,
        "headlines": [{"role": "main", "value": headline}],
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


def wire_items(path: Path, count: int) -> None:
    """`count` ninjs 2.x text items as JSON Lines."""
    rng = random.Random(7)
    with path.open("w") as out:
        for n in range(count):
            words = " ".join(rng.choice(WORDS) for _ in range(24)).capitalize()
            headline = f"{(words + '.')[:70]} {n}"
            item = ninjs_item(rng, uri=f"urn:bench:wire:{n}", headline=headline)
            out.write(json.dumps(item) + "\n")


def import_run(env: dict, path: Path) -> float:
    """Seconds `masthead import` reports for one run (its own timer)."""
    code, out, _err = PROCS.run(
        [BIN / "masthead", "import", path, "--publish"], env=env, check=False
    )
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    found = re.search(r"\((\d+(?:\.\d+)?)s\)$", summary)
    if code != 0 or not found:
        raise RuntimeError(f"import failed ({code}): {summary}")
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
        PROCS.run([BIN / "masthead", "manage", "migrate", "-v0"], env=env)
        items = root / "items.jsonl"
        wire_items(items, WIRE_ITEMS)
        first = import_run(env, items)
        # Search and reference indexing of the new stories is queued by their
        # events: time the worker that drains it, so the figure is honest.
        started = time.monotonic()
        PROCS.run([BIN / "masthead", "worker", "--until-empty"], env=env)
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


def bench_import(leg) -> dict:
    """Import throughput on `leg`'s database (PostgreSQL: BENCH_POSTGRES_URL,
    emptied first). Redis plays no part in an import."""
    if leg.database_url:
        reason = postgres_database(POSTGRES_URL, fresh=True)
        if reason:
            return {"skipped": reason}
        return import_throughput(POSTGRES_URL)
    return import_throughput(None)
