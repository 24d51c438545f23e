"""Data only an editor changes, kept until a purge says it changed.

Site chrome (the site, editions, settings, menus, sections) is read on every
render, and whatever an editor changes in it purges everything
(`key_version("all")`). So it is read from the shared cache under that purge
version, and each worker keeps what it read last in memory, instead of
costing queries and unpickling on every cold render. The short expiry bounds
what no purge follows (a Site edited under Settings › Sites).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache

from masthead.core import purge

SECONDS = 300
SIZE = 256

_MISSING = object()

# What this process read last, by cache key (which carries the purge
# version): {key: (read at, value)}. Saves a shared-cache read and unpickling
# several model instances on every render. Values are shared by the threads
# of the worker and must be treated as read-only.
_kept: dict[str, tuple[float, object]] = {}


def versioned(name: str, build: Callable[[], object], *, purge_key: str = purge.ALL):
    """`build()`, cached until `purge_key` is purged (or for SECONDS).

    While the purge version cannot be read (Redis down), nothing is cached:
    a purge missed meanwhile could not be seen.
    """
    version = purge.key_version(purge_key)
    if version == purge.UNAVAILABLE:
        return build()
    key = f"masthead:site:{name}:{version}"
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and now - kept[0] < SECONDS:
        return kept[1]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, SECONDS)
    if len(_kept) >= SIZE:
        _kept.clear()
    _kept[key] = (now, value)
    return value


def forget() -> None:
    """Drop what this process keeps (tests; a simulated second worker)."""
    _kept.clear()
