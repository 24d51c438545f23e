"""Most Viewed and Most Read: the stories readers open and finish.

Rankings change with every beacon, so they never purge a page: each list is
recomputed at most every RANKING_SECONDS, the rails that show it are kept for
a minute (frontpage.selectors.edition_rails) and pages for another (the page
cache), so a rail is at most a few minutes behind the counts.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from masthead.core.outage import REDIS_DOWN
from masthead.newsroom.selectors import published_articles

from .models import Kind
from .store import WINDOWS, get_store

logger = logging.getLogger("masthead.audience")

VIEWS = Kind.VIEW.value
READS = Kind.READ.value
DEFAULT_WINDOW = {VIEWS: "24h", READS: "7d"}


def minimum(kind: str) -> int:
    conf = settings.MASTHEAD_AUDIENCE
    return int(conf["MIN_VIEWS"] if kind == VIEWS else conf["MIN_READS"])


def top(kind: str, window: str, *, edition=None, section=None, limit: int = 10):
    """[(story id, count)], most first, of stories with at least the minimum
    count in `window` (1h, 24h, 7d), within an edition and/or a section (a
    story counts for every section above it). Any story, live or not: see
    ranked_articles() for what readers may see."""
    locale_id = getattr(edition, "locale_id", None)
    key = ":".join(
        [
            "masthead:audience:top",
            kind,
            window,
            str(locale_id or 0),
            str(getattr(section, "pk", 0)),
            str(limit),
        ]
    )
    pairs = cache.get(key)
    if pairs is not None:
        return pairs
    store = get_store()
    outage = getattr(store, "outage", None)
    if outage is not None and outage.skipping():
        return []
    try:
        pairs = store.top(
            kind,
            WINDOWS[window],
            locale_id=locale_id,
            section=section,
            minimum=minimum(kind),
            limit=limit,
        )
    except REDIS_DOWN as error:
        # The rails fall back to their stand-ins; the page is unaffected.
        if outage is not None:
            outage.failed(error)
        return []
    if outage is not None:
        outage.recovered()
    cache.set(key, pairs, settings.MASTHEAD_AUDIENCE["RANKING_SECONDS"])
    return pairs


def ranked_articles(
    kind: str,
    window: str | None = None,
    *,
    edition=None,
    section=None,
    limit: int = 5,
    articles=None,
):
    """The top stories readers may see (live, public), best first, each with
    its `audience_count`. `articles` is the queryset to pick them from
    (published_articles(edition) by default). One query for the ranking (none
    while it is cached) and one for the stories."""
    window = window or DEFAULT_WINDOW[kind]
    # Spare candidates: some may have been withdrawn or restricted since.
    pairs = top(kind, window, edition=edition, section=section, limit=limit * 2 + 5)
    if not pairs:
        return []
    counts = dict(pairs)
    if articles is None:
        articles = published_articles(edition)
    found = {a.pk: a for a in articles.filter(pk__in=counts)}
    ranked = []
    for story_id, count in pairs:
        article = found.get(story_id)
        if article is not None:
            article.audience_count = count
            ranked.append(article)
    return ranked[:limit]
