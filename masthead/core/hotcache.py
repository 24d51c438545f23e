"""The hot path: answer repeat requests for public pages before Django runs.

A WSGI wrapper around the Django application. For an anonymous GET or HEAD it
looks the URL up in a bounded per-process store of rendered pages (oldest
out first, capped by count and bytes); on a hit it answers
from memory (plain or gzip, 304 on a matching If-None-Match) without touching
Django's middleware, URL resolver or database. On a miss Django renders as
usual, and a response that PublicCacheMiddleware marked `public` is kept.

Only HTML, XML and JSON responses up to MAX_ENTRY_BYTES are kept; streamed
responses (files, documents) pass through untouched, never read into memory.
The key is the scheme, host, path and the query parameters pages read (sorted;
tracking parameters such as utm_* and fbclid are dropped, so a shared link is
a hit on the page's own entry; any other parameter bypasses the cache).
X-Forwarded-* headers are believed only from MASTHEAD_TRUSTED_PROXIES and
removed otherwise, here and for Django behind us.

Entries are stamped with the purge generation (masthead.core.purge) read
before rendering; a worker re-reads the generation at most every
GENERATION_CHECK_INTERVAL seconds, so a publish is visible within a second
everywhere, and a page rendered from data older than the purge is never kept.
While the generation cannot be read (Redis down) a publish elsewhere cannot
reach this worker, so pages are kept for UNAVAILABLE_TTL seconds only: fresh
within seconds, and the database is not asked for every hit.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse

from .purge import UNAVAILABLE, generation_store

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "date", "server"}

# The query parameters reader views read: listings and search (page, q), the
# sitemaps (p) and the API's filters. Any other parameter bypasses the cache.
PAGE_PARAMS = frozenset(
    {
        "page",
        "q",
        "p",
        "format",
        "section",
        "tag",
        "author",
        "since",
        "edition",
        "lang",
        "kind",
        "uri",
        "limit",
    }
)
# Added by newsletters, ads and social networks; no page reads them.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
    }
)
TRACKING_PREFIXES = ("utm_",)
CACHEABLE_TYPES = frozenset(
    {
        "text/html",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/json",
    }
)
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def normalised_query(query: str) -> str | None:
    """The query string a page's entry is kept under: the parameters pages
    read, sorted by name, without tracking parameters. None when it carries a
    parameter no page reads (the request bypasses the cache)."""
    if not query:
        return ""
    kept = []
    for part in query.split("&"):
        if not part:
            continue
        name = unquote_plus(part.split("=", 1)[0])
        lowered = name.lower()
        if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
            continue
        if name not in PAGE_PARAMS:
            return None
        kept.append((name, part))
    kept.sort(key=lambda item: item[0])
    return "&".join(part for _name, part in kept)


def _cacheable_type(headers) -> bool:
    for name, value in headers:
        if name.lower() == "content-type":
            mime = value.split(";", 1)[0].strip().lower()
            return mime in CACHEABLE_TYPES or (
                mime.startswith("application/") and mime.endswith(("+json", "+xml"))
            )
    return False


def _content_length(headers) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def trusted_networks(entries) -> list:
    networks = []
    for entry in entries or ():
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def trust_forwarded_headers(environ, networks) -> None:
    """Keep X-Forwarded-* only when the peer is a trusted proxy; then take the
    client's address from X-Forwarded-For (the last one the proxies did not
    add) and accept only http/https as the forwarded scheme."""
    remote = environ.get("REMOTE_ADDR", "")
    if not networks or not _is_trusted(remote, networks):
        for name in FORWARDED_HEADERS:
            environ.pop(name, None)
        return
    proto = environ.get("HTTP_X_FORWARDED_PROTO")
    if proto is not None:
        proto = proto.split(",")[-1].strip().lower()
        if proto in ("http", "https"):
            environ["HTTP_X_FORWARDED_PROTO"] = proto
        else:
            del environ["HTTP_X_FORWARDED_PROTO"]
    forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
    if forwarded_for:
        for address in reversed(forwarded_for.split(",")):
            address = address.strip()
            if not address:
                continue
            try:
                ipaddress.ip_address(address)
            except ValueError:
                break
            environ["REMOTE_ADDR"] = address
            if not _is_trusted(address, networks):
                break


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
    if not status.startswith("200") or not _cacheable_type(headers):
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
        self.unavailable_ttl = min(self.ttl, conf.get("UNAVAILABLE_TTL", 5))
        self.max_entries = conf["MAX_ENTRIES"] if max_entries is None else max_entries
        self.max_bytes = conf["MAX_BYTES"]
        # One entry may take a quarter of the cache at most: a big one never
        # empties it.
        self.max_entry_bytes = min(
            conf.get("MAX_ENTRY_BYTES", 2 * 1024 * 1024), self.max_bytes // 4
        )
        self.proxies = trusted_networks(
            getattr(settings, "MASTHEAD_TRUSTED_PROXIES", [])
        )
        self.base_url_set = bool(getattr(settings, "MASTHEAD_BASE_URL", ""))
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
        trust_forwarded_headers(environ, self.proxies)
        method = environ["REQUEST_METHOD"]
        if (
            not self.enabled
            or method not in ("GET", "HEAD")
            or environ.get("HTTP_AUTHORIZATION")
            or self.session_cookie in environ.get("HTTP_COOKIE", "")
        ):
            return self.app(environ, start_response)
        query = normalised_query(environ.get("QUERY_STRING", ""))
        if query is None:
            return self.app(environ, start_response)
        # Django renders what is kept: without the tracking parameters.
        environ["QUERY_STRING"] = query

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

    def _key(self, environ) -> str:
        query = environ.get("QUERY_STRING", "")
        host = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")).lower()
        if self.base_url_set:
            # Absolute URLs come from MASTHEAD_BASE_URL: the port is noise.
            host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
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
        headers = captured.get("headers", [])
        if (
            method != "GET"
            # Streams (files, documents, StreamingHttpResponse) pass untouched.
            or not isinstance(result, HttpResponse | list | tuple)
            or not _storable(captured.get("status", ""), headers)
            or (_content_length(headers) or 0) > self.max_entry_bytes
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) <= self.max_entry_bytes:
            self._keep(key, generation, captured["status"], headers, body)
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
            expires=time.monotonic()
            + (self.unavailable_ttl if generation == UNAVAILABLE else self.ttl),
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
