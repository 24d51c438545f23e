"""The hot path: answer repeat requests for public pages before Django runs.

A WSGI wrapper around the Django application. For an anonymous GET or HEAD it
looks the URL up in a bounded per-process store of rendered pages (oldest
out first, capped by count and bytes); on a hit it answers
from memory (plain or gzip, 304 on a matching If-None-Match) without touching
Django's middleware, URL resolver or database. On a miss Django renders as
usual, and a response that PublicCacheMiddleware marked `public` is kept.

Entries are stamped with the purge generation (masthead.core.purge) read
before rendering; a worker re-reads the generation at most every
GENERATION_CHECK_INTERVAL seconds, so a publish is visible within a second
everywhere, and a page rendered from data older than the purge is never kept.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from .purge import generation_store

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "date", "server"}


@dataclass(slots=True)
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    gzip_body: bytes | None
    etag: str
    generation: str
    expires: float


def _weight(entry: Entry) -> int:
    return len(entry.body) + len(entry.gzip_body or b"") + 512


def _cache_control(headers) -> str:
    for name, value in headers:
        if name.lower() == "cache-control":
            return value.lower()
    return ""


def _storable(status: str, headers) -> bool:
    if not status.startswith("200"):
        return False
    control = _cache_control(headers)
    if "public" not in control or "private" in control or "no-store" in control:
        return False
    for name, value in headers:
        lname = name.lower()
        if lname == "set-cookie":
            return False
        if lname == "vary" and "cookie" in value.lower():
            return False
    return True


class HotPageCache:
    def __init__(
        self, app, *, ttl=None, max_entries=None, check_interval=None, generation=None
    ):
        conf = settings.MASTHEAD_PAGE_CACHE
        self.app = app
        self.enabled = conf["ENABLED"]
        self.ttl = conf["TTL"] if ttl is None else ttl
        self.max_entries = conf["MAX_ENTRIES"] if max_entries is None else max_entries
        self.max_bytes = conf["MAX_BYTES"]
        self.size = 0
        self.check_interval = (
            conf["GENERATION_CHECK_INTERVAL"]
            if check_interval is None
            else check_interval
        )
        self.generation_source = generation or generation_store()
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()
        self._generation = self.generation_source.read()
        self._checked_at = time.monotonic()
        self.hits = 0
        self.misses = 0

    # -- generation -----------------------------------------------------------

    def current_generation(self) -> str:
        now = time.monotonic()
        if now - self._checked_at >= self.check_interval:
            self._checked_at = now
            generation = self.generation_source.read()
            if generation != self._generation:
                with self.lock:
                    self.entries.clear()
                    self.size = 0
                self._generation = generation
        return self._generation

    # -- WSGI -------------------------------------------------------------------

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if (
            not self.enabled
            or method not in ("GET", "HEAD")
            or environ.get("HTTP_AUTHORIZATION")
            or self.session_cookie in environ.get("HTTP_COOKIE", "")
        ):
            return self.app(environ, start_response)

        key = self._key(environ)
        generation = self.current_generation()
        entry = self.entries.get(key)
        if entry is not None:
            if entry.generation == generation and entry.expires > time.monotonic():
                self.hits += 1
                return self._answer(entry, environ, start_response, method)
            with self.lock:
                self._drop(key)
        self.misses += 1
        return self._render_and_keep(key, generation, environ, start_response, method)

    @staticmethod
    def _key(environ) -> str:
        query = environ.get("QUERY_STRING", "")
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get(
            "wsgi.url_scheme", "http"
        )
        return f"{scheme}://{host}{environ.get('PATH_INFO', '')}?{query}"

    def _answer(self, entry: Entry, environ, start_response, method):
        use_gzip = entry.gzip_body is not None and "gzip" in environ.get(
            "HTTP_ACCEPT_ENCODING", ""
        )
        etag = entry.etag[:-1] + '-gz"' if use_gzip else entry.etag
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        headers = list(entry.headers)
        headers.append(("ETag", etag))
        headers.append(("X-Cache", "HIT"))
        if if_none_match and (if_none_match.strip() == "*" or etag in if_none_match):
            start_response("304 Not Modified", headers)
            return []
        body = entry.gzip_body if use_gzip else entry.body
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [] if method == "HEAD" else [body]

    def _render_and_keep(self, key, generation, environ, start_response, method):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if method != "GET" or not _storable(
            captured.get("status", ""), captured.get("headers", [])
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self._keep(key, generation, captured["status"], captured["headers"], body)
        return [body]

    def _keep(self, key, generation, status, headers, body):
        kept = [
            (name, value)
            for name, value in headers
            if name.lower() not in HOP_BY_HOP | {"etag", "content-length", "x-cache"}
        ]
        etag = next((v for n, v in headers if n.lower() == "etag"), None)
        if not etag:
            etag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        gzip_body = (
            gzip.compress(body, compresslevel=6, mtime=0) if len(body) > 512 else None
        )
        entry = Entry(
            status=status,
            headers=kept,
            body=body,
            gzip_body=gzip_body,
            etag=etag if etag.endswith('"') else f'"{etag}"',
            generation=generation,
            expires=time.monotonic() + self.ttl,
        )
        with self.lock:
            self._drop(key)
            self.entries[key] = entry
            self.size += _weight(entry)
            while self.entries and (
                len(self.entries) > self.max_entries or self.size > self.max_bytes
            ):
                _key, oldest = self.entries.popitem(last=False)
                self.size -= _weight(oldest)

    def _drop(self, key):
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= _weight(entry)
