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
