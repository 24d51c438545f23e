"""Django's Redis cache, failing open: a dead Redis is a slower site, not a 500.

The cache only saves work (rails, renditions, throttle counters, sessions),
so while Redis is unreachable reads count as misses and writes are skipped;
pages render from the database, and one warning per 30 s per process goes to
the `masthead.cache` logger. After a failure the next calls skip Redis for a
second (masthead.core.outage), so a Redis that hangs instead of refusing costs
one socket timeout a second, not one per cache call.

A subclass of Django's own RedisCache rather than django-redis with
DJANGO_REDIS_IGNORE_EXCEPTIONS: that option also swallows Redis's command
errors (a bug should still raise), logs every ignored call with a traceback
(a flood at request rate), and switching backends would change how values
are stored. Only connection errors and timeouts are caught here.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

from .outage import Outage

logger = logging.getLogger("masthead.cache")

# Django makes one cache object per thread; the outage is the process's.
_outages: dict[str, Outage] = {}


def _outage(location: str) -> Outage:
    if location not in _outages:
        _outages[location] = Outage(logger, "cache")
    return _outages[location]


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        # redis-py retries a failed command ten times with backoff by default;
        # failing open at once is the point here.
        options = {"retry": Retry(NoBackoff(), 0), **(params.get("OPTIONS") or {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self.outage = _outage(str(server))

    def _fail_open(self, fallback, method, *args, **kwargs):
        return self.outage.call(fallback, method, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._fail_open(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._fail_open({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._fail_open(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # False: not added. Never claim a write that did not happen.
        return self._fail_open(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that were not stored.
        return self._fail_open(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._fail_open(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._fail_open(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._fail_open(missing, super().incr, key, delta, version)
        if result is missing:
            # As for a key that is not there (Django's contract for incr).
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def clear(self):
        return self._fail_open(False, super().clear)
