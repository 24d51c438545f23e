"""What follows any change readers can see: the caches in front of pages.

Each event names the surrogate keys it makes stale (`Event.purge()`); they
are appended to the purge log every worker and app server reads within a
second (the hot page cache), and sent to the CDN or Varnish in front by a
background task when MASTHEAD_PURGE_URL is set (masthead.core.purge).
"""

from __future__ import annotations

from .events import Event, subscribe
from .purge import purge_keys


def purge_page_caches(event: Event) -> None:
    purge = event.purge()
    if purge is not None and purge.keys:
        purge_keys(purge.keys, hard=purge.hard)


def connect() -> None:
    subscribe(Event, purge_page_caches)
