"""POST /api/v1/beacons: the article page says it was viewed, or read.

Sent by the browser (navigator.sendBeacon, so with a text/plain body, or
fetch with keepalive), which is why counting works however the page itself
was served: from the page cache, a CDN or a fresh render. The request only
checks the beacon and appends it to the spool (masthead.audience.spool);
counting happens in the flusher, a few seconds later.
"""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.selectors import reader_visible

from . import identity, spool

router = Router(tags=["audience"])

KINDS = {"view": "v", "read": "r"}
CONTENT_TYPES = ("text/plain", "application/json", "")
MAX_STORY_ID = 2**31 - 1


class BeaconError(Schema):
    message: str
    errors: list[dict] = []


BEACON_BODY = {
    "required": True,
    "description": (
        "Sent as text/plain (navigator.sendBeacon) or application/json; at most 1 KB."
    ),
    "content": {
        media: {
            "schema": {
                "type": "object",
                "required": ["story", "kind"],
                "properties": {
                    "story": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "The story's id (data-article-id).",
                    },
                    "kind": {
                        "type": "string",
                        "enum": list(KINDS),
                        "description": (
                            "`view` when the page is shown; `read` when the "
                            "reader engaged with it (see the README)."
                        ),
                    },
                },
            }
        }
        for media in ("text/plain", "application/json")
    },
}


def _error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"message": message, "errors": []}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _accepted() -> HttpResponse:
    return HttpResponse(status=204)


class PublicStories:
    """Which story ids readers may see, remembered per process for a minute
    (unknown ones for a few seconds), so a beacon seldom costs a query."""

    KNOWN_FOR = 60.0
    UNKNOWN_FOR = 5.0
    SIZE = 50_000

    def __init__(self):
        self._seen: dict[int, tuple[bool, float]] = {}
        self._lock = threading.Lock()

    def __contains__(self, story: int) -> bool:
        now = time.monotonic()
        seen = self._seen.get(story)
        if seen is not None and seen[1] > now:
            return seen[0]
        public = reader_visible(ArticlePage.objects.live()).filter(pk=story).exists()
        with self._lock:
            if len(self._seen) >= self.SIZE:
                self._seen.clear()
            self._seen[story] = (
                public,
                now + (self.KNOWN_FOR if public else self.UNKNOWN_FOR),
            )
        return public

    def clear(self) -> None:
        self._seen.clear()


public_stories = PublicStories()


def cross_site(request: HttpRequest) -> bool:
    """A beacon posted by another site's page (a page could otherwise make
    its visitors count for our stories)."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    try:
        return urlsplit(origin).netloc.lower() != request.get_host().lower()
    except (ValueError, DisallowedHost):
        return True


def parse_beacon(body: bytes) -> tuple[int, str] | str:
    """(story id, kind letter), or what is wrong with the body."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return "The body must be a JSON object (UTF-8)."
    if not isinstance(data, dict):
        return "The body must be a JSON object."
    story, kind = data.get("story"), data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        return "`kind` must be `view` or `read`."
    if isinstance(story, bool) or not isinstance(story, int):
        return "`story` must be an integer id."
    if not 1 <= story <= MAX_STORY_ID:
        return "`story` is not a story id."
    return story, KINDS[kind]


@router.post(
    "",
    response={
        204: None,
        400: BeaconError,
        403: BeaconError,
        404: BeaconError,
        413: BeaconError,
        415: BeaconError,
        429: BeaconError,
        503: BeaconError,
    },
    summary="Count a view or an engaged read of a story",
    url_name="beacon",
    openapi_extra={"requestBody": BEACON_BODY},
)
def beacon(request: HttpRequest):
    """Sent by the article page: `view` once when the page is first shown,
    `read` once when the reader reached the end of the story with the page
    visible for a while, or stayed with it for half its reading time. No
    cookie; the client is known only by a daily-salted hash of its address.

    Answers 204 when the beacon was accepted (and when it is from a crawler
    or a prefetch: those are not counted). A client sending too many is told
    429 with Retry-After. 503 means the beacon could not be stored: it was
    not counted.
    """
    max_bytes = settings.MASTHEAD_AUDIENCE["MAX_BODY_BYTES"]
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error(400, "Bad Content-Length.")
    if length > max_bytes:
        return _error(413, f"A beacon is at most {max_bytes} bytes.")
    media = request.content_type or ""
    if media.lower() not in CONTENT_TYPES:
        return _error(415, "Send the beacon as text/plain or application/json.")
    if cross_site(request):
        return _error(403, "Beacons are accepted from this site's pages only.")
    parsed = parse_beacon(request.body[: max_bytes + 1])
    if isinstance(parsed, str):
        return _error(400, parsed)
    story, kind = parsed
    agent = request.META.get("HTTP_USER_AGENT", "")
    if identity.is_bot(agent) or identity.is_prefetch(request.META):
        return _accepted()  # answered, not counted
    reader, address = identity.client_hashes(request)
    if not identity.rate_limiter().allow(address):
        return _error(429, "Too many beacons from this address.", Retry_After="60")
    if story not in public_stories:
        return _error(404, "There is no such story.")
    try:
        spool.append(kind, story, reader, address)
    except OSError:
        return _error(503, "The beacon could not be stored; it was not counted.")
    return _accepted()
