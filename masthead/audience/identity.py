"""Who sent a beacon, without storing who they are.

A reader is known only by a hash of their address (and browser) with a salt
that is random per day and deleted after two days: enough to count one reader
once and to rate-limit a script, never enough to find the address again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from masthead.accounts.throttle import client_ip

from .models import DailySalt

# Crawlers and link expanders announce themselves; headless Chrome does not
# count as one (a real browser runs the page's script, and that is what
# counts a view). Requests without script never send a beacon at all.
BOT_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|mediapartners|facebookexternalhit|"
    r"embedly|quora link preview|outbrain|pinterest|vkshare|w3c_validator|"
    r"whatsapp|telegram|skypeuripreview|lighthouse|pingdom|uptime|monitor|"
    r"curl/|wget/|python-requests|python-urllib|httpx|go-http-client|"
    r"java/|okhttp|libwww|archive\.org",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def is_prefetch(meta) -> bool:
    """A speculative load (prefetch or prerender the reader may never see)."""
    purpose = (meta.get("HTTP_SEC_PURPOSE") or meta.get("HTTP_PURPOSE") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose


# -- daily salts --------------------------------------------------------------

_salts: dict[str, bytes] = {}
_salts_lock = threading.Lock()


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def salt_of(day: str) -> bytes:
    """The day's salt, shared by every process through the database (one
    query per process and day)."""
    salt = _salts.get(day)
    if salt is not None:
        return salt
    with _salts_lock:
        salt = _salts.get(day)
        if salt is None:
            row = DailySalt.objects.filter(day=day).first()
            if row is None:
                try:
                    with transaction.atomic():
                        row = DailySalt.objects.create(
                            day=day, salt=secrets.token_hex(32)
                        )
                except IntegrityError:  # another process made it first
                    row = DailySalt.objects.get(day=day)
            salt = bytes.fromhex(row.salt)
            _salts.clear()  # only today's is needed in memory
            _salts[day] = salt
    return salt


def _hash(salt: bytes, *parts: str) -> str:
    digest = hashlib.blake2b(key=salt[:64], digest_size=10)
    digest.update("\x1f".join(parts).encode("utf-8", "replace"))
    return digest.hexdigest()


def client_hashes(request) -> tuple[str, str]:
    """(reader, address): the hash of address + user agent, which counts one
    reader once, and of the address alone, which rate-limits it."""
    salt = salt_of(today())
    address = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    return _hash(salt, address, agent), _hash(salt, address)


# -- rate limit -----------------------------------------------------------------


class TokenBuckets:
    """A token bucket per address hash, in this process's memory: a refusal
    costs no I/O, so a flood is cheap to turn away. With N server processes
    an address gets up to N times the rate; the counts themselves are also
    capped per address at flush time (ADDRESS_CAP), which is what keeps a
    script from pushing a story up."""

    MAX_CLIENTS = 100_000

    def __init__(self, rate_per_minute: float, burst: float):
        self.rate = rate_per_minute / 60.0
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            if len(self._buckets) >= self.MAX_CLIENTS:
                self._buckets.clear()  # bounded memory whatever the traffic
            self._buckets[key] = (tokens - 1, now)
            return True


_buckets: TokenBuckets | None = None


def rate_limiter() -> TokenBuckets:
    global _buckets
    if _buckets is None:
        conf = settings.MASTHEAD_AUDIENCE
        _buckets = TokenBuckets(conf["RATE_PER_MINUTE"], conf["BURST"])
    return _buckets


def reset() -> None:
    """Forget salts and rate limits kept in memory (tests)."""
    global _buckets
    _buckets = None
    _salts.clear()
