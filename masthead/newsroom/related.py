"""Related News: ranked when a story is published or changed, stored, and
read by the article page in one query.

The order (`rank`, a pure function):

1. the editor's picks (`RelatedPick`), in their order;
2. stories sharing tags, each shared tag weighted by how rare it is
   (idf = log(N / df)) and the pair by how close in time the two were
   published (half-life HALF_LIFE, never below RECENCY_FLOOR, so a rare tag
   still beats a common one across months);
3. for a story with few tags, or too few stories sharing them, stories using
   the same words: TF-IDF cosine over headline, standfirst and the start of
   the body, among the edition's newest TEXT_WINDOW stories;
4. the newest stories of its section, as a last resort.

Only stories a reader may see (live, not withdrawn, no view restriction), in
the story's own edition, never the story itself. STORED are kept where
RELATED_SIZE are shown: the page checks visibility as it reads, so a story
withdrawn since drops out and the next one moves up until the list is
computed again.

The cost per publish is bounded whatever the archive's size: each tag reads
only its newest taggings along the (tag, story) index, a tag's document
frequency is counted up to DF_CAP, the text window is a fixed number of the
newest stories with only the start of their body, and the stories that should
now list the new one (its best tag neighbours) are updated by comparing
scores (tag scores are symmetric), not ranked again.

The words and their TF-IDF are in newsroom.similarity.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from wagtail.models import Page

from .models import ArticlePage, ArticleTag, RelatedPick, RelatedReason, RelatedStory
from .selectors import RELATED_SIZE, in_locale, published_articles, reader_visible
from .similarity import TextIndex, term_frequencies, tokens

__all__ = ["RELATED_SIZE", "compute", "forget", "rank", "refresh"]
STORED = 8  # kept: room for stories that go off before the next computation
TAGS_LOOKED_AT = 12  # of a story's tags
TAG_CANDIDATES = 300  # newest taggings read, shared among the story's tags
DF_CAP = 2000  # a tag on more stories than this is simply common
HALF_LIFE = timedelta(days=7)
RECENCY_FLOOR = 0.25
FEW_TAGS = 3  # a story with fewer tags is also compared by its words
TEXT_WINDOW = 300  # newest stories of the edition compared by words
TEXT_DAYS = 45
BODY_CHARS = 700  # of the stored body (JSON) read for the words
NEIGHBOURS = 10  # stories that may now list a newly published one
LIVE_COUNT_SECONDS = 3600  # N in idf changes slowly: counted once an hour


# -- ranking (pure) ---------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    pk: int
    reason: str
    score: float = 0.0


def recency(apart: timedelta) -> float:
    """1 for two stories published together, halving every HALF_LIFE, never
    below RECENCY_FLOOR."""
    decay = 0.5 ** (abs(apart.total_seconds()) / HALF_LIFE.total_seconds())
    return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * decay


def idf(df: int, stories: int) -> float:
    """How telling a tag on `df` of `stories` stories is (0 for a tag on all)."""
    return math.log(max(stories, df, 1) / max(df, 1))


def tag_scores(
    shared: dict[int, set[int]],
    weights: dict[int, float],
    times: dict[int, datetime | None],
    when: datetime | None,
) -> dict[int, float]:
    """{story: Σ idf of the tags it shares × recency} for the stories in
    `times` (those a reader may see)."""
    scores = {}
    for pk, tags in shared.items():
        if pk not in times:
            continue
        near = recency(times[pk] - when) if times[pk] and when else RECENCY_FLOOR
        scores[pk] = sum(weights.get(tag, 0.0) for tag in tags) * near
    return scores


def rank(
    story_id: int,
    *,
    picks: Iterable[int] = (),
    visible: Iterable[int] = (),
    tags: dict[int, float] | None = None,
    text: dict[int, float] | None = None,
    section: Iterable[int] = (),
    size: int = STORED,
) -> list[Ranked]:
    """Picks (those in `visible`) in order, then by tag score, then by text
    similarity, then `section` (newest first): each story once, never
    `story_id`, at most `size`."""
    visible = set(visible)
    out: list[Ranked] = []
    seen = {story_id}

    def add(pk: int, reason: str, score: float = 0.0) -> None:
        if pk not in seen and len(out) < size:
            seen.add(pk)
            out.append(Ranked(pk, reason, round(score, 6)))

    for pk in picks:
        if pk in visible:
            add(pk, RelatedReason.PICK)
    for reason, scores in ((RelatedReason.TAGS, tags), (RelatedReason.TEXT, text)):
        for pk, score in sorted(
            (scores or {}).items(), key=lambda item: (-item[1], -item[0])
        ):
            if score > 0:
                add(pk, reason, score)
    for pk in section:
        add(pk, RelatedReason.SECTION)
    return out


# -- reading what the ranking needs ---------------------------------------------------


@dataclass(frozen=True)
class Story:
    pk: int
    locale_id: int
    published_at: datetime | None
    path: str
    depth: int
    title: str
    standfirst: str
    body: str


def _readable(ids: Iterable[int]):
    """The stories among `ids` readers may see, as pages. From the page side
    (as selectors._visible_pages): filtered on ArticlePage, the ids land on
    the story table's key, and PostgreSQL, which does not carry an IN list
    across a join, reads every page to find a few hundred."""
    return reader_visible(Page.objects.live()).filter(
        id__in=list(ids), articlepage__isnull=False
    )


def _body_start():
    return Substr(Cast("articlepage__body", TextField()), 1, BODY_CHARS)


def _stories(ids: Iterable[int], *, since: datetime | None = None) -> list[Story]:
    found = _readable(ids)
    if since is not None:
        found = found.filter(articlepage__published_at__gte=since)
    rows = found.values_list(
        "pk",
        "locale_id",
        "articlepage__published_at",
        "path",
        "depth",
        "title",
        "articlepage__standfirst",
        _body_start(),
    ).order_by()
    return [Story(*row) for row in rows]


def _tag_pairs(story_id: int, tag_ids: list[int]) -> list[tuple[int, int]]:
    """(tag, story) for the newest taggings of each tag, the story itself
    left out: along the (tag, story) index, so a tag on thousands of stories
    costs no more than a rare one."""
    quote = connection.ops.quote_name
    meta = ArticleTag._meta
    story = quote(meta.get_field("content_object").column)
    tag = quote(meta.get_field("tag").column)
    per_tag = max(TAG_CANDIDATES // len(tag_ids), 50)
    # Only quoted names and placeholders go into the text. SQLite allows
    # LIMIT in a compound member only inside a subquery.
    newest = (
        f"SELECT tag, story FROM (SELECT {tag} AS tag, {story} AS story "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {tag} = %s AND {story} <> %s "
        f"ORDER BY {story} DESC LIMIT %s) t"
    )
    sql = " UNION ALL ".join([newest] * len(tag_ids))
    params = [value for t in tag_ids for value in (t, story_id, per_tag)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tag_frequencies(tag_ids: list[int]) -> dict[int, int]:
    """How many stories carry each tag, counted up to DF_CAP."""
    if not tag_ids:
        return {}
    quote = connection.ops.quote_name
    meta = ArticleTag._meta
    tag = quote(meta.get_field("tag").column)
    one = (
        f"SELECT %s AS tag, COUNT(*) FROM (SELECT 1 FROM "  # noqa: S608
        f"{quote(meta.db_table)} WHERE {tag} = %s LIMIT %s) t"
    )
    params = [value for t in tag_ids for value in (t, t, DF_CAP)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(tag_ids)), params)
        return dict(cursor.fetchall())


def live_story_count() -> int:
    """N in the idf, kept an hour (it moves by a few hundred a day)."""
    count = cache.get("related:live-stories")
    if count is None:
        count = ArticlePage.objects.live().count()
        cache.set("related:live-stories", count, LIVE_COUNT_SECONDS)
    return count


def _visible_times(locale_id: int, ids: Iterable[int]) -> dict[int, datetime]:
    ids = list(ids)
    if not ids:
        return {}
    return dict(
        _readable(ids)
        .filter(locale_id=locale_id)
        .values_list("pk", "articlepage__published_at")
        .order_by()
    )


# Words of stories already read, by (story, last publish): the worker meets
# the same stories publish after publish, and reads only what is new.
_WORDS: OrderedDict[tuple[int, datetime | None], dict[str, float]] = OrderedDict()
WORDS_KEPT = 4 * TEXT_WINDOW
_WORDS_LOCK = threading.Lock()  # a worker may run tasks in threads
# The window of a recent story is the edition's newest stories, the same for
# every publish of the minute: its index is kept that long per worker (a
# story published within it is compared by its tags, and joins the window a
# minute later).
WINDOW_SECONDS = 60
_WINDOWS: dict[tuple, tuple[float, TextIndex]] = {}


def forget_windows() -> None:
    """Drop the words and windows kept by this process (tests)."""
    with _WORDS_LOCK:
        _WORDS.clear()
        _WINDOWS.clear()


def _text_index(story: Story) -> TextIndex:
    """The words of the edition's newest TEXT_WINDOW stories published up to
    TEXT_DAYS around the story, indexed."""
    now = timezone.now()
    when = story.published_at or now
    recent = when + timedelta(days=TEXT_DAYS) >= now
    key = (story.locale_id, "recent" if recent else when.date())
    kept = _WINDOWS.get(key)
    if kept is not None and time.monotonic() - kept[0] < WINDOW_SECONDS:
        return kept[1]
    window = list(
        in_locale(reader_visible(ArticlePage.objects.live()), story.locale_id)
        .filter(
            published_at__gte=when - timedelta(days=TEXT_DAYS),
            published_at__lte=when + timedelta(days=TEXT_DAYS),
        )
        .order_by("-published_at")
        .values_list("pk", "last_published_at")[:TEXT_WINDOW]
    )
    unread = [pk for pk, version in window if (pk, version) not in _WORDS]
    read = {}
    if unread:
        rows = (
            Page.objects.filter(id__in=unread)
            .values_list(
                "pk",
                "last_published_at",
                "title",
                "articlepage__standfirst",
                _body_start(),
            )
            .order_by()
        )
        read = {
            (pk, version): term_frequencies(
                tokens(f"{title} {title} {standfirst} {body or ''}")
            )
            for pk, version, title, standfirst, body in rows
        }
    documents = {}
    with _WORDS_LOCK:
        _WORDS.update(read)
        for key_ in window:
            if key_ in _WORDS:
                _WORDS.move_to_end(key_)
                documents[key_[0]] = _WORDS[key_]
        while len(_WORDS) > WORDS_KEPT:
            _WORDS.popitem(last=False)
        index = TextIndex(documents)
        if len(_WINDOWS) > 64:
            _WINDOWS.clear()
        _WINDOWS[key] = (time.monotonic(), index)
    return index


def _section_newest(story: Story, exclude: set[int], room: int) -> list[int]:
    section_path = story.path[: -ArticlePage.steplen]
    return list(
        published_articles()
        .filter(path__startswith=section_path, depth=story.depth)
        .exclude(pk__in=[story.pk, *exclude])
        .values_list("pk", flat=True)[:room]
    )


def compute(story: Story) -> list[Ranked]:
    """The story's related news, best first (at most STORED)."""
    tag_ids = sorted(
        ArticleTag.objects.filter(content_object_id=story.pk).values_list(
            "tag_id", flat=True
        )
    )[:TAGS_LOOKED_AT]
    picks = list(
        RelatedPick.objects.filter(page_id=story.pk)
        .order_by("sort_order", "pk")
        .values_list("story_id", flat=True)
    )
    shared: dict[int, set[int]] = {}
    weights: dict[int, float] = {}
    if tag_ids:
        pairs = _tag_pairs(story.pk, tag_ids)
        per_tag = max(TAG_CANDIDATES // len(tag_ids), 50)
        seen = Counter(tag for tag, _story in pairs)
        # A tag with fewer taggings than were asked for was read whole: its
        # frequency is known (the story's own tagging was left out).
        df = {tag: seen[tag] + 1 for tag in tag_ids if seen[tag] < per_tag}
        df.update(_tag_frequencies([t for t in tag_ids if t not in df]))
        stories = live_story_count()
        weights = {tag: idf(df.get(tag, 1), stories) for tag in tag_ids}
        for tag, pk in pairs:
            shared.setdefault(pk, set()).add(tag)
    by_text = {}
    if len(tag_ids) < FEW_TAGS or len(shared) < STORED:
        words = tokens(f"{story.title} {story.title} {story.standfirst} {story.body}")
        by_text = _text_index(story).scores(words) if words else {}
    # One look at what readers may see now, for every candidate (the text
    # window may be a minute old).
    times = _visible_times(story.locale_id, [*picks, *shared, *by_text])
    by_tags = tag_scores(shared, weights, times, story.published_at)
    by_text = {pk: score for pk, score in by_text.items() if pk in times}
    found = {"picks": picks, "visible": times, "tags": by_tags, "text": by_text}
    ranked = rank(story.pk, **found)
    if len(ranked) < STORED:  # the section's newest fill the rest
        room = STORED - len(ranked)
        ranked = rank(
            story.pk,
            **found,
            section=_section_newest(story, {r.pk for r in ranked}, room),
        )
    return ranked


# -- storing ------------------------------------------------------------------------


def stored(story_ids: Iterable[int]) -> dict[int, list[Ranked]]:
    found: dict[int, list[Ranked]] = {}
    rows = (
        RelatedStory.objects.filter(story_id__in=list(story_ids))
        .order_by("story_id", "position")
        .values_list("story_id", "related_id", "reason", "score")
    )
    for story_id, pk, reason, score in rows:
        found.setdefault(story_id, []).append(Ranked(pk, reason, score))
    return found


def _write(lists: dict[int, list[Ranked]]) -> None:
    """Replace the stored lists of these stories (safe to run twice)."""
    if not lists:
        return
    with transaction.atomic():
        RelatedStory.objects.filter(story_id__in=list(lists)).delete()
        RelatedStory.objects.bulk_create(
            RelatedStory(
                story_id=story_id,
                position=position,
                related_id=item.pk,
                reason=item.reason,
                score=item.score,
            )
            for story_id, items in lists.items()
            for position, item in enumerate(items)
        )


def _with_newcomer(items: list[Ranked], newcomer: Ranked) -> list[Ranked] | None:
    """`items` (a neighbour's stored list) with `newcomer` among its tag
    stories by score, or None when it does not make the list (or is on it)."""
    if any(item.pk == newcomer.pk for item in items):
        return None
    picks = [i for i in items if i.reason == RelatedReason.PICK]
    by_tags = [i for i in items if i.reason == RelatedReason.TAGS]
    rest = [i for i in items if i not in picks and i not in by_tags]
    by_tags = sorted([*by_tags, newcomer], key=lambda i: (-i.score, -i.pk))
    updated = [*picks, *by_tags, *rest][:STORED]
    return updated if newcomer in updated else None


@dataclass
class Refreshed:
    stories: int = 0  # lists computed
    changed: int = 0  # of them, stored because they differ
    neighbours: int = 0  # other stories' lists that now carry a new story


def refresh(
    story_ids: Iterable[int],
    *,
    neighbours: bool = True,
    since: datetime | None = None,
) -> Refreshed:
    """Compute and store the related news of `story_ids` (those readers can
    see; published since `since` if given), and put each one into the
    stored lists of its best tag neighbours whose list it now makes."""
    done = Refreshed()
    ids = list(dict.fromkeys(int(pk) for pk in story_ids))
    stories = _stories(ids, since=since)
    readable = {story.pk for story in stories}
    # Lists of stories readers cannot see are never read: drop them, so a
    # story published again starts afresh.
    gone = [pk for pk in ids if pk not in readable] if since is None else []
    if gone:
        RelatedStory.objects.filter(story_id__in=gone).delete()
    computed = {story.pk: compute(story) for story in stories}
    done.stories = len(computed)
    before = stored(computed)
    changed = {pk: items for pk, items in computed.items() if before.get(pk) != items}
    done.changed = len(changed)
    updates: dict[int, list[Ranked]] = {}
    if neighbours:
        updates = _neighbour_updates(computed)
        done.neighbours = len(updates)
    _write({**updates, **changed})
    return done


def _neighbour_updates(computed: dict[int, list[Ranked]]) -> dict[int, list[Ranked]]:
    """The stored lists of the stories that now rank a newly computed one:
    its best tag neighbours. A tag score is the same seen from either side
    (shared tags, time apart), so each is a comparison, not a new ranking.
    A neighbour with no list yet (an archive story) keeps its fallback."""
    offers: dict[int, list[Ranked]] = {}
    for pk, items in computed.items():
        best = [item for item in items if item.reason == RelatedReason.TAGS]
        for item in best[:NEIGHBOURS]:
            if item.pk not in computed:
                offer = Ranked(pk, item.reason, item.score)
                offers.setdefault(item.pk, []).append(offer)
    if not offers:
        return {}
    lists = stored(offers)
    updates = {}
    for neighbour, newcomers in offers.items():
        items = lists.get(neighbour)
        if not items:
            continue
        for newcomer in newcomers:
            items = _with_newcomer(items, newcomer) or items
        if items != lists[neighbour]:
            updates[neighbour] = items
    return updates


# How many stories that listed a story going off are computed again (the
# rest hide it as they read, and fill the gap from their spare lines).
RECOMPUTE_ON_REMOVAL = 200


def forget(story_ids: Iterable[int]) -> list[int]:
    """After stories went off (withdrawn, unpublished, restricted): drop
    their own lists and compute again those that listed them. Returns the
    stories recomputed, whose pages may show the old list."""
    ids = [int(pk) for pk in story_ids]
    listing = list(
        RelatedStory.objects.filter(related_id__in=ids)
        .exclude(story_id__in=ids)
        .values_list("story_id", flat=True)
        .distinct()
        .order_by("-story_id")[:RECOMPUTE_ON_REMOVAL]
    )
    RelatedStory.objects.filter(story_id__in=ids).delete()
    if listing:
        refresh(listing, neighbours=False)
    return listing
