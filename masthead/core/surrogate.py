"""Surrogate keys: what a response shows, so a change purges only that.

A view names what its page lists or shows (`mark(request, page(12),
section(7))`); PublicCacheMiddleware writes the names as `Surrogate-Key` and
`xkey` headers on public responses, read by the hot page cache
(masthead.core.hotcache), Varnish (xkey) and Fastly-style CDNs alike. Every
public response also carries `all`; one whose view named nothing carries
`stories` too, since it may list any story. A change purges the same names
(masthead.core.purge): a story's publish purges its page, its sections, its
edition, its tags and its authors (masthead.newsroom.events).

A story page names only itself: the rails it shows (Top Stories, Latest) are
as fresh as the page cache's TTL, not purged by every publish.
"""

from __future__ import annotations

from .purge import ALL, STORIES

__all__ = ["ALL", "STORIES", "author", "edition", "header", "mark", "page"]


def page(page_id: int) -> str:
    """A page's own content (a story, a front, a static page)."""
    return f"p{page_id}"


def edition(edition_id: int) -> str:
    """An edition's listings: its front, `latest/`, its feeds, its rails."""
    return f"e{edition_id}"


def section(section_id: int) -> str:
    """A section front and its feeds (stories below it, at any depth)."""
    return f"s{section_id}"


def tag(tag_id: int) -> str:
    return f"t{tag_id}"


def author(author_id: int) -> str:
    return f"a{author_id}"


def mark(request, *keys: str) -> None:
    """Say that the response to `request` shows what `keys` name."""
    marked = getattr(request, "surrogate_keys", None)
    if marked is None:
        marked = request.surrogate_keys = set()
    marked.update(keys)


def header(request) -> str:
    keys = getattr(request, "surrogate_keys", None) or {STORIES}
    return " ".join(sorted({ALL, *keys}))
