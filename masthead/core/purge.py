"""The page-cache generation: one number every worker and app server agrees on.

Publishing anything bumps it; a worker that sees a new number drops the pages
it rendered before. With Redis the number lives there (shared by app servers);
in the embedded setup it is a file under the data dir (shared by the workers
of one `masthead serve`).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

from django.conf import settings

from .outage import REDIS_DOWN, Outage

logger = logging.getLogger("masthead.purge")
REDIS_KEY = "masthead:page-generation"
# What RedisGeneration.read() answers while Redis is unreachable.
UNAVAILABLE = "unavailable"


class FileGeneration:
    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self) -> str:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return "0"
        return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"

    def bump(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(
            f".{self.path.name}.{os.getpid()}.{time.monotonic_ns()}"
        )
        tmp.write_text(str(time.time_ns()))
        os.replace(tmp, self.path)  # atomic: a new inode every time


class RedisGeneration:
    """The generation in Redis. While Redis is unreachable `read()` answers
    UNAVAILABLE (the hot cache then keeps pages only briefly, since a publish
    cannot reach the other workers), and a purge that could not be written is
    written at the first read that reaches Redis again, so pages and rails
    kept from before the outage are dropped everywhere."""

    def __init__(self, url: str, *, socket_timeout: float = 0.25):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.client = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self.outage = Outage(logger, "page cache generation")
        self.bump_pending = False

    def read(self) -> str:
        if self.outage.skipping():
            return UNAVAILABLE
        try:
            if self.bump_pending:
                self.client.incr(REDIS_KEY)
                self.bump_pending = False
            value = self.client.get(REDIS_KEY)
        except REDIS_DOWN as error:
            self.outage.failed(error)
            return UNAVAILABLE
        self.outage.recovered()
        return value.decode() if value else "0"

    def bump(self) -> None:
        try:
            self.client.incr(REDIS_KEY)
        except REDIS_DOWN as error:
            self.bump_pending = True
            self.outage.failed(error)


def generation_store():
    return _generation_store(
        settings.REDIS_URL, str(settings.DATA_DIR), settings.REDIS_SOCKET_TIMEOUT
    )


@functools.lru_cache(maxsize=4)
def _generation_store(redis_url: str, data_dir: str, socket_timeout: float):
    if redis_url:
        return RedisGeneration(redis_url, socket_timeout=socket_timeout)
    return FileGeneration(Path(data_dir) / "cache" / "page-generation")


def current_generation() -> str:
    """The purge generation now; part of the key of anything cached until the
    next publish."""
    return generation_store().read()


def key_version(key: str) -> str:
    """A string that changes whenever `key` (a surrogate key such as
    `edition-3`) or everything is purged: part of the cache key of a fragment
    (rails, chrome) that must follow those purges."""
    return generation_store().read()


def purge_all_pages() -> None:
    """Invalidate every cached public page, in every worker, within a second."""
    generation_store().bump()
    logger.debug("page cache purged")


# Listings that change whenever a story is published, withdrawn or moved, for
# a CDN in front (WAGTAILFRONTENDCACHE). The origin's own cache is purged as a
# whole by the generation above; an edge cache holds more, so it gets a list.
EDGE_PATHS = (
    "feeds/rss.xml",
    "feeds/atom.xml",
    "latest/",
)
SITE_PATHS = ("/sitemap.xml", "/news-sitemap.xml")


def edge_listing_urls(edition_url: str) -> list[str]:
    """The listings under an edition's front (`https://host/` or
    `https://host/bn/`) that change with any story in it: its feeds and
    `latest/`, and the site's sitemaps."""
    site = "/".join(edition_url.split("/", 3)[:3])
    return [edition_url + path for path in EDGE_PATHS] + [
        site + path for path in SITE_PATHS
    ]


def purge_edge_for_page(page) -> None:
    """Purge the page's section fronts, its edition's front page, feeds and
    sitemaps at the CDN. Wagtail's frontend cache purges the page itself."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    ancestors = list(page.get_ancestors().filter(depth__gt=1).specific())
    for ancestor in ancestors:
        batch.add_page(ancestor)
    edition = ancestors[0] if ancestors else None
    if edition is not None:
        root_url = edition.get_full_url()
        if root_url:
            batch.add_urls(edge_listing_urls(root_url))
    batch.purge()
