"""Attempt counters shared by every worker process (the Django cache: Redis,
or the file cache under the data dir), for what django-axes does not cover:
page-restriction passwords and password-reset requests.

A counter is a small dict with its own expiry, so the window holds on caches
whose `incr` resets the timeout (the file cache). Two requests racing in
different processes may both be let through at the limit: one extra try at
most, never a lost lockout.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder address, nothing binds it


def client_ip(request) -> str:
    """The address counters are keyed on (also django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR: `masthead serve` sets it from the socket, or from the trusted
    proxy's forwarding headers when proxies are configured.
    """
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # No socket address (a test client, a Unix socket): one shared bucket,
        # and a value PostgreSQL's inet column (django-axes) accepts.
        return UNKNOWN_ADDRESS


class Throttle:
    def __init__(self, scope: str):
        self.scope = scope
        self.limit, self.window = settings.MASTHEAD_THROTTLES[scope]

    def _key(self, parts) -> str:
        digest = hashlib.blake2b(
            "\x1f".join(str(p).lower() for p in parts).encode(), digest_size=16
        ).hexdigest()
        return f"masthead:throttle:{self.scope}:{digest}"

    def count(self, *parts) -> int:
        state = cache.get(self._key(parts))
        if not state or state["until"] <= time.time():
            return 0
        return state["count"]

    def blocked(self, *parts) -> bool:
        return self.count(*parts) >= self.limit

    def hit(self, *parts) -> int:
        key = self._key(parts)
        now = time.time()
        state = cache.get(key)
        if not state or state["until"] <= now:
            state = {"count": 0, "until": now + self.window}
        state["count"] += 1
        cache.set(key, state, timeout=max(1, int(state["until"] - now) + 1))
        return state["count"]

    def reset(self, *parts) -> None:
        cache.delete(self._key(parts))
