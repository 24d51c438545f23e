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

Two levels: this process's memory, and the store every worker of the
server shares (masthead.core.pagestore: files under the data dir, or Redis).
A page one worker rendered is a hit in every other, so each page is rendered
once per change whatever the number of workers.

A kept page carries its surrogate keys (the `Surrogate-Key` header its view
set, masthead.core.surrogate) and the purge-log stamp taken before it
rendered (masthead.core.purge). A worker reads the purge log at most every
PURGE_CHECK_INTERVAL seconds, so a publish is visible within a second, and a
purge drops only the pages carrying its keys. A page is fresh for TTL
seconds after it rendered (the bound on how stale its rails may be).

Soft purge and single flight, as Varnish's grace mode: a page that a soft
purge or its age made stale is still served, marked `X-Cache: STALE`, to
everyone but the one request that holds its render lock and renders it
again; a page nobody has yet is rendered by one request while the others
wait for it. Never two renders of one page at once in one server. A hard
purge (a withdrawal, a restriction) leaves nothing to serve. A response that
cannot be kept (an error, a redirect, a private page) is remembered as such
for a short while, so its requests do not queue behind one another.

While the purge log cannot be read (Redis down) a publish elsewhere cannot
reach this worker, so pages are kept for UNAVAILABLE_TTL seconds only and
never served stale: fresh within seconds, and the database is not asked for
every hit.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import ipaddress
import itertools
import logging
import queue
import random
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import unquote_plus

from django.conf import settings
from django.db import close_old_connections
from django.http import HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from . import pagestore
from .purge import FRESH, GONE, STALE, PurgeReader, purge_log, reader

logger = logging.getLogger("masthead.cache")

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "date", "server"}
NOT_KEPT = HOP_BY_HOP | {"etag", "content-length", "x-cache"}
CONDITIONAL_HEADERS = frozenset({"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"})

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
        "window",
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


def trusted_networks(entries) -> tuple:
    networks = []
    for entry in entries or ():
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


# Parsing the peer's address was half of a hit's time in Python; the peers
# are few (a proxy, a CDN's edges) or, without a proxy, bounded here.
@functools.lru_cache(maxsize=4096)
def _is_trusted(address: str, networks: tuple) -> bool:
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
    tags: tuple[str, ...]
    stamp: tuple[str, int]
    born: float  # time.time() when its render started
    ttl: float
    grace: float
    checked: int = -1  # the reader's `changes` when `verdict` was worked out
    verdict: int = FRESH
    answers: dict | None = None

    def answer(self, use_gzip: bool, how: str):
        """(ETag, 304 headers, 200 headers, body), built once per variant:
        a hit only picks one."""
        if self.answers is None:
            self.answers = {}
        prepared = self.answers.get((use_gzip, how))
        if prepared is None:
            etag = self.etag[:-1] + '-gz"' if use_gzip else self.etag
            headers = [*self.headers, ("ETag", etag), ("X-Cache", how)]
            not_modified = tuple(headers)
            body = self.gzip_body if use_gzip else self.body
            if use_gzip:
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            prepared = (etag, not_modified, tuple(headers), body)
            self.answers[(use_gzip, how)] = prepared
        return prepared

    @classmethod
    def from_record(cls, record) -> Entry:
        (_key, status, headers, body, gzip_body, etag, tags, epoch, offset) = record[:9]
        born, ttl, grace = record[9:12]
        return cls(
            status=status,
            headers=[tuple(header) for header in headers],
            body=body,
            gzip_body=gzip_body,
            etag=etag,
            tags=tuple(tags),
            stamp=(epoch, offset),
            born=born,
            ttl=ttl,
            grace=grace,
        )

    def record(self, key: str) -> tuple:
        return (
            key,
            self.status,
            tuple(self.headers),
            self.body,
            self.gzip_body,
            self.etag,
            self.tags,
            self.stamp[0],
            self.stamp[1],
            self.born,
            self.ttl,
            self.grace,
        )


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


def _surrogate_keys(headers) -> tuple[str, ...]:
    for name, value in headers:
        if name.lower() == "surrogate-key":
            return tuple(sorted(set(value.split())))
    return ("stories",)  # a page that names nothing may list any story


def busy(environ, start_response):
    """503 with Retry-After: too many pages are being rendered at once."""
    path = environ.get("PATH_INFO", "")
    language = next(
        (code for code, _name in settings.LANGUAGES if path.startswith(f"/{code}/")),
        settings.LANGUAGE_CODE,
    )
    with translation.override(language):
        title = escape(gettext("Busy"))
        text = escape(
            gettext("Too many readers at once: please try again in a moment.")
        )
    body = (
        f'<!doctype html><html lang="{language}"><meta charset="utf-8">'
        f"<title>{title}</title><main><h1>{title}</h1><p>{text}</p></main></html>"
    ).encode()
    start_response(
        "503 Service Unavailable",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Retry-After", "5"),
            ("Cache-Control", "no-store"),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]


def _discard(status, headers, exc_info=None):
    """The start_response of a background refresh: nobody is waiting."""


class HotPageCache:
    # How long requests for a page being rendered wait for it before
    # rendering it themselves, and how long a page that could not be kept
    # (an error, a private page) skips that wait.
    WAIT_FOR_RENDER = 5.0
    # How long a render waits for its turn before the reader is told to come
    # back (503 with Retry-After): the site is overloaded with cold pages.
    WAIT_FOR_TURN = 10.0
    # Stale pages waiting to be rendered again in the background, at most.
    MAX_QUEUED_REFRESHES = 256
    PASS_SECONDS = 10.0
    MAX_PASSES = 10000

    def __init__(
        self,
        app,
        *,
        ttl=None,
        max_entries=None,
        check_interval=None,
        purges: PurgeReader | None = None,
        store=None,
    ):
        conf = settings.MASTHEAD_PAGE_CACHE
        self.app = app
        self.enabled = conf["ENABLED"]
        self.ttl = conf["TTL"] if ttl is None else ttl
        self.grace = conf["GRACE"]
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
        if purges is None:
            purges = (
                reader()
                if check_interval is None
                else PurgeReader(purge_log(), check_interval)
            )
        self.purges = purges
        self.store = pagestore.page_store() if store is None else store
        # Renders at once in this worker: a crawler walking the archive gets
        # a share of the threads, and hits keep the rest.
        self.renders = threading.BoundedSemaphore(conf["RENDERS_PER_WORKER"])
        # Twice as many may wait for a turn (holding a thread, not the CPU);
        # the rest are told to come back at once. A crawler ignoring
        # Retry-After otherwise spends the CPU on refusals: walking the
        # 100,000-story archive with 16 connections, one waiting per slot got
        # ~100 renders/s, two 128, with the hot reader's p99 unchanged.
        self.waiting_renders = 0
        self.max_waiting_renders = 2 * conf["RENDERS_PER_WORKER"]
        # Stale pages are rendered again by these threads, off the request.
        # Purged pages first, then those that only grew old.
        self.refresh_queue: queue.PriorityQueue = queue.PriorityQueue()
        self.refresh_threads = conf["RENDERS_PER_WORKER"]
        self.refreshers_started = False
        self.refreshes_queued = 0
        self.pending_refreshes: dict[str, dict] = {}
        self.refresh_order = itertools.count()
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.passes: dict[str, float] = {}
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.stale_hits = 0

    # -- judging a kept page ----------------------------------------------------

    def _verdict(self, entry: Entry, now: float) -> int:
        purges = self.purges
        if entry.checked != purges.changes:
            entry.verdict = purges.verdict(entry.tags, entry.stamp)
            entry.checked = purges.changes
        verdict = entry.verdict
        if verdict == GONE:
            return GONE
        age = now - entry.born
        if age >= entry.ttl:
            return STALE if age < entry.ttl + entry.grace else GONE
        return verdict

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
        self.purges.refresh()
        now = time.time()
        entry = self.entries.get(key)
        if entry is not None and self._verdict(entry, now) == FRESH:
            self.hits += 1
            return self._answer(entry, environ, start_response, method, "HIT")
        return self._miss(key, entry, now, environ, start_response, method)

    def _miss(self, key, entry, now, environ, start_response, method):
        """Not fresh in memory: the shared store, else one render (the others
        get the stale page, or wait for the render)."""
        stale = None
        if entry is not None and self._verdict(entry, now) == STALE:
            stale = entry
        shared = self._shared(key, now)
        if shared is not None:
            verdict = self._verdict(shared, now)
            if verdict == FRESH:
                self.hits += 1
                return self._answer(shared, environ, start_response, method, "HIT")
            if verdict == STALE and (stale is None or shared.born > stale.born):
                stale = shared
        if entry is not None and stale is not entry:
            with self.lock:
                self._drop(key)
        if self.passes.get(key, 0) > now:
            self.misses += 1
            return self._render_and_keep(key, environ, start_response, method)
        render_lock = self.store.lock(key)
        if stale is not None and render_lock is None and stale.verdict == STALE:
            self._hurry_refresh(key)
        if stale is not None and (
            render_lock is None
            or self._refresh_in_background(key, environ, render_lock, stale)
        ):
            self.stale_hits += 1
            return self._answer(stale, environ, start_response, method, "STALE")
        if render_lock is None:
            render_lock, shared = self._wait_for_render(key)
            if shared is not None:
                self.hits += 1
                return self._answer(shared, environ, start_response, method, "HIT")
        try:
            self.misses += 1
            return self._render_and_keep(key, environ, start_response, method)
        finally:
            render_lock.release()

    def _shared(self, key: str, now: float) -> Entry | None:
        record = self.store.get(key)
        if record is None:
            return None
        try:
            entry = Entry.from_record(record)
        except (TypeError, ValueError):
            return None
        if self._verdict(entry, now) == FRESH:
            self._remember(key, entry)
        return entry

    def _fresh_shared(self, key: str) -> Entry | None:
        now = time.time()
        shared = self._shared(key, now)
        if shared is not None and self._verdict(shared, now) == FRESH:
            return shared
        return None

    def _wait_for_render(self, key: str):
        """Wait while another request renders the page: (None, the page) when
        it is kept, (the lock, None) when that render ended without keeping
        it (or took too long) and this request is to render it."""
        deadline = time.monotonic() + self.WAIT_FOR_RENDER
        pause = 0.002
        while time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            shared = self._fresh_shared(key)
            if shared is not None:
                return None, shared
            render_lock = self.store.lock(key)
            if render_lock is not None:
                shared = self._fresh_shared(key)
                if shared is not None:
                    render_lock.release()
                    return None, shared
                return render_lock, None
        return pagestore.NoLock(), None

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

    def _answer(self, entry: Entry, environ, start_response, method, how: str):
        use_gzip = entry.gzip_body is not None and "gzip" in environ.get(
            "HTTP_ACCEPT_ENCODING", ""
        )
        etag, not_modified, headers, body = entry.answer(use_gzip, how)
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and (if_none_match.strip() == "*" or etag in if_none_match):
            start_response("304 Not Modified", list(not_modified))
            return []
        start_response(entry.status, list(headers))
        return [] if method == "HEAD" else [body]

    def _render_and_keep(self, key, environ, start_response, method):
        captured = {}
        # Taken before rendering: a purge during the render is after it.
        stamp = self.purges.stamp()
        born = time.time()

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            captured["exc_info"] = exc_info

        asked = environ
        if method == "GET":
            # The whole page, to keep: a 304 for this reader is worked out
            # from it below.
            environ = {
                name: value
                for name, value in environ.items()
                if name not in CONDITIONAL_HEADERS
            }
        if not self._turn_to_render(background=start_response is _discard):
            return busy(environ, start_response)
        try:
            result = self.app(environ, capture)
        finally:
            self.renders.release()
        headers = captured.get("headers", [])
        status = captured.get("status", "")
        if (
            method != "GET"
            # Streams (files, documents, StreamingHttpResponse) pass untouched.
            or not isinstance(result, HttpResponse | list | tuple)
            or not _storable(status, headers)
            or (_content_length(headers) or 0) > self.max_entry_bytes
        ):
            if method == "GET" and not status.startswith("5"):
                self._pass(key, born)
            start_response(status, headers, captured.get("exc_info"))
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) > self.max_entry_bytes:
            self._pass(key, born)
            start_response(status, headers)
            return [body]
        entry = self._keep(key, stamp, born, status, headers, body)
        return self._answer(entry, asked, start_response, method, "MISS")

    def _turn_to_render(self, *, background: bool) -> bool:
        """Wait for one of this worker's render slots. A request finds at
        most as many others waiting as there are slots, else it is told to
        come back at once: waiting holds a server thread, and the threads
        left must answer hits. Background refreshes always wait."""
        if self.renders.acquire(blocking=False):
            return True
        with self.lock:
            if not background and self.waiting_renders >= self.max_waiting_renders:
                return False
            self.waiting_renders += 1
        try:
            return self.renders.acquire(
                timeout=None if background else self.WAIT_FOR_TURN
            )
        finally:
            with self.lock:
                self.waiting_renders -= 1

    def _refresh_in_background(self, key, environ, render_lock, stale) -> bool:
        """Render a stale page again off the request, holding its render lock
        (the request is answered with the stale page at once): a purged page
        before one that only grew old. False when too many are queued."""
        with self.lock:
            if self.refreshes_queued >= self.MAX_QUEUED_REFRESHES:
                return False
            self.refreshes_queued += 1
            if not self.refreshers_started:
                self.refreshers_started = True
                for n in range(self.refresh_threads):
                    threading.Thread(
                        target=self._refresher, name=f"page-refresh-{n}", daemon=True
                    ).start()
        environ = dict(environ)
        environ["wsgi.input"] = io.BytesIO(b"")
        job = {
            "key": key,
            "environ": environ,
            "lock": render_lock,
            "priority": 0 if stale.verdict == STALE else 1,
            "done": False,
        }
        with self.lock:
            self.pending_refreshes[key] = job
        self.refresh_queue.put((job["priority"], next(self.refresh_order), job))
        return True

    def _hurry_refresh(self, key: str) -> None:
        """A page queued for refreshing because it grew old has since been
        purged: move it ahead of the pages that only grew old."""
        with self.lock:
            job = self.pending_refreshes.get(key)
            if job is None or job["done"] or job["priority"] == 0:
                return
            job["priority"] = 0
        self.refresh_queue.put((0, next(self.refresh_order), job))

    def _refresher(self) -> None:
        while True:
            _priority, _order, job = self.refresh_queue.get()
            with self.lock:
                if job["done"]:
                    continue  # hurried: already rendered from its other place
                job["done"] = True
            try:
                self._render_and_keep(job["key"], job["environ"], _discard, "GET")
            except Exception:
                logger.exception("refreshing %s failed", job["key"])
            finally:
                # As at the end of a request: this thread's connections are
                # kept for the next refresh (CONN_MAX_AGE; opening one to
                # PostgreSQL costs more than many a render's queries) unless
                # broken or too old.
                close_old_connections()
                job["lock"].release()
                with self.lock:
                    self.refreshes_queued -= 1
                    if self.pending_refreshes.get(job["key"]) is job:
                        del self.pending_refreshes[job["key"]]

    def _pass(self, key: str, now: float) -> None:
        """The page at `key` cannot be kept now: forget what was kept and let
        its requests render side by side for a while."""
        with self.lock:
            self._drop(key)
            if len(self.passes) >= self.MAX_PASSES:
                self.passes = {k: t for k, t in self.passes.items() if t > now}
                if len(self.passes) >= self.MAX_PASSES:
                    self.passes.clear()
            self.passes[key] = now + self.PASS_SECONDS
        self.store.delete(key)

    def _keep(self, key, stamp, born, status, headers, body):
        kept = [(name, val) for name, val in headers if name.lower() not in NOT_KEPT]
        etag = next((v for n, v in headers if n.lower() == "etag"), None)
        if not etag:
            etag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        gzip_body = (
            gzip.compress(body, compresslevel=6, mtime=0) if len(body) > 512 else None
        )
        available = self.purges.available
        entry = Entry(
            status=status,
            headers=kept,
            body=body,
            gzip_body=gzip_body,
            etag=etag if etag.endswith('"') else f'"{etag}"',
            tags=_surrogate_keys(headers),
            stamp=stamp,
            born=born,
            # Spread over the last fifth of the TTL, so pages rendered
            # together do not all grow old at the same moment.
            ttl=self.ttl * random.uniform(0.8, 1.0)  # noqa: S311 - not secret
            if available
            else self.unavailable_ttl,
            grace=self.grace if available else 0,
        )
        self.passes.pop(key, None)
        self._remember(key, entry)
        if available:
            self.store.put(key, entry.record(key), entry.ttl + entry.grace)
        return entry

    def _remember(self, key: str, entry: Entry) -> None:
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
