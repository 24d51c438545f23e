"""The page-cache generation: one number every worker and app server agrees on.

Publishing anything bumps it; a worker that sees a new number drops the pages
it rendered before. With Redis the number lives there (shared by app servers);
in the embedded setup it is a file under the data dir (shared by the workers
of one `masthead serve`).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("masthead.purge")
REDIS_KEY = "masthead:page-generation"


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
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5
        )

    def read(self) -> str:
        try:
            value = self.client.get(REDIS_KEY)
        except Exception:  # noqa: BLE001 - a Redis hiccup must not take pages down
            logger.warning("page cache: cannot read the generation from Redis")
            return "unavailable"
        return value.decode() if value else "0"

    def bump(self) -> None:
        self.client.incr(REDIS_KEY)


def generation_store():
    if settings.REDIS_URL:
        return RedisGeneration(settings.REDIS_URL)
    return FileGeneration(Path(settings.DATA_DIR) / "cache" / "page-generation")


def purge_all_pages() -> None:
    """Invalidate every cached public page, in every worker, within a second."""
    generation_store().bump()
    logger.debug("page cache purged")
