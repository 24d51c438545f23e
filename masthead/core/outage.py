"""Keeping track of a shared service that is down (Redis), per process.

When Redis stops, every request would otherwise pay for a failed connection
and log a line: at thousands of requests a second that is a slower site and a
flooded log. An Outage remembers the last failure, so callers can skip the
service for a short while (`skipping()`), and lets one warning through per
`warn_every` seconds, naming how many failures it stands for.
"""

from __future__ import annotations

import logging
import threading
import time

import redis.exceptions

# What "Redis is not there" looks like; anything else (a wrong command, a
# wrong type) is a bug and still raises.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def redis_client(url: str, *, socket_timeout: float, connect_timeout=None):
    """A Redis client that gives up at once: no retries (redis-py's default
    is ten, with backoff, which would hold a dead Redis for seconds)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_timeout=socket_timeout,
        socket_connect_timeout=connect_timeout or socket_timeout,
        retry=Retry(NoBackoff(), 0),
    )


class Outage:
    def __init__(
        self,
        logger: logging.Logger,
        what: str,
        *,
        warn_every: float = 30.0,
        retry_after: float = 1.0,
    ):
        self.logger = logger
        self.what = what
        self.warn_every = warn_every
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._failed_at: float | None = None
        self._warned_at: float | None = None
        self._unreported = 0

    @property
    def down(self) -> bool:
        return self._failed_at is not None

    def skipping(self) -> bool:
        """True within `retry_after` seconds of a failure: fail open at once
        instead of waiting for another refused or timed-out connection."""
        failed_at = self._failed_at
        return failed_at is not None and time.monotonic() - failed_at < self.retry_after

    def failed(self, error: BaseException | None = None) -> None:
        now = time.monotonic()
        with self._lock:
            self._failed_at = now
            self._unreported += 1
            if self._warned_at is not None and now - self._warned_at < self.warn_every:
                return
            self._warned_at = now
            count, self._unreported = self._unreported, 0
        self.logger.warning(
            "%s: Redis is unreachable (%s); %d failure(s) since the last warning",
            self.what,
            error or "no answer",
            count,
        )

    def call(self, fallback, method, *args, **kwargs):
        """`method(*args, **kwargs)`, or `fallback` while Redis is down (and
        for `retry_after` seconds after it failed)."""
        if self.skipping():
            return fallback
        try:
            result = method(*args, **kwargs)
        except REDIS_DOWN as error:
            self.failed(error)
            return fallback
        self.recovered()
        return result

    def recovered(self) -> None:
        if self._failed_at is None:
            return
        with self._lock:
            if self._failed_at is None:
                return
            self._failed_at = None
            self._warned_at = None
            self._unreported = 0
        self.logger.warning("%s: Redis answers again", self.what)
