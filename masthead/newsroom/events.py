"""The newsroom's events: what happened to which stories.

Every write path sends one of these after commit (see core.events): the
admin and the Wagtail workflow, the scheduler, `masthead import` one at a
time and in bulk, and the newsroom's own doors (newsroom.services). A bulk
batch sends one event carrying all its stories, never none.

Each story in an event carries what a subscriber needs to act precisely
without reading it back: its sections (every ancestor below the edition's
front), its edition, its tags, and its address before and after.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from wagtail.models import Page, Site

from masthead.core import surrogate
from masthead.core.events import Event, Purge, emit


class StoryChange(enum.StrEnum):
    PUBLISHED = "published"  # live for the first time, or again after going off
    UPDATED = "updated"  # a new revision of a live story went live
    WITHDRAWN = "withdrawn"  # killed: a 410 notice stands at its address
    UNPUBLISHED = "unpublished"  # taken off (by an editor or on expiry)
    SCHEDULED = "scheduled"  # a revision will go live at a set time
    RESTRICTED = "restricted"  # behind a password, login or group restriction
    UNRESTRICTED = "unrestricted"
    MOVED = "moved"  # a new address (old_url says the former one)
    DELETED = "deleted"
    DRAFTED = "drafted"  # new drafts written in bulk (readers see nothing yet)


# Changes after which the story's old page must never be served again.
HARD = frozenset(
    {
        StoryChange.WITHDRAWN,
        StoryChange.UNPUBLISHED,
        StoryChange.RESTRICTED,
        StoryChange.DELETED,
        StoryChange.MOVED,
    }
)


@dataclass(frozen=True, kw_only=True)
class StoryRef:
    id: int
    title: str
    locale_id: int
    edition_id: int | None
    section_ids: tuple[int, ...]  # nearest first
    tag_ids: tuple[int, ...]
    url: str | None
    author_ids: tuple[int, ...] = ()
    old_url: str | None = None
    edition_url: str | None = None
    section_urls: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class StoriesChanged(Event):
    change: StoryChange
    stories: tuple[StoryRef, ...] = field(default=())

    @property
    def story_ids(self) -> list[int]:
        return [story.id for story in self.stories]

    def purge(self) -> Purge | None:
        """Each story's page and every listing it is (or was) on: its edition
        (front, `latest/`, feeds, rails), its sections, tags and authors, and
        the listings that name no key (sitemaps, search, the API). Not the
        other stories' pages: their rails follow within the page TTL."""
        if self.change in (StoryChange.DRAFTED, StoryChange.SCHEDULED):
            return None  # readers see nothing new yet
        keys = {surrogate.STORIES}
        for story in self.stories:
            keys.add(surrogate.page(story.id))
            if story.edition_id:
                keys.add(surrogate.edition(story.edition_id))
            keys.update(surrogate.section(pk) for pk in story.section_ids)
            keys.update(surrogate.tag(pk) for pk in story.tag_ids)
            keys.update(surrogate.author(pk) for pk in story.author_ids)
        if self.change == StoryChange.MOVED:
            keys.add(surrogate.ALL)  # the sections it left are not known here
        return Purge(keys=tuple(sorted(keys)), hard=self.change in HARD)


class _Addresses:
    """Full URLs from url_paths with one read of the site roots (what
    `Page.get_full_url()` does, without a cache lookup per page)."""

    def __init__(self):
        self.roots = sorted(
            Site.get_site_root_paths(), key=lambda root: -len(root.root_path)
        )

    def url(self, url_path: str | None) -> str | None:
        if not url_path:
            return None
        for root in self.roots:
            if url_path.startswith(root.root_path):
                return root.root_url + url_path[len(root.root_path) - 1 :]
        return None


def story_refs(
    pages: Iterable[Page], *, old_url_paths: dict[int, str] | None = None
) -> tuple[StoryRef, ...]:
    """StoryRefs for `pages` (ArticlePages, or Page rows of them) in three
    queries: their ancestors, their tags and their bylines."""
    from .models import ArticleByline, ArticleTag

    pages = list(pages)
    if not pages:
        return ()
    steplen = Page.steplen
    wanted: set[str] = set()
    for page in pages:
        wanted.update(
            page.path[:end] for end in range(2 * steplen, len(page.path), steplen)
        )
    ancestors = {
        row["path"]: row
        for row in Page.objects.filter(path__in=wanted).values(
            "id", "path", "depth", "url_path"
        )
    }
    tags: dict[int, list[int]] = {}
    for page_id, tag_id in ArticleTag.objects.filter(
        content_object_id__in=[page.pk for page in pages]
    ).values_list("content_object_id", "tag_id"):
        tags.setdefault(page_id, []).append(tag_id)
    authors: dict[int, list[int]] = {}
    for page_id, author_id in ArticleByline.objects.filter(
        page_id__in=[page.pk for page in pages]
    ).values_list("page_id", "author_id"):
        authors.setdefault(page_id, []).append(author_id)
    addresses = _Addresses()
    old_url_paths = old_url_paths or {}
    refs = []
    for page in pages:
        above = [
            ancestors[path]
            for path in (
                page.path[:end]
                for end in range(len(page.path) - steplen, steplen, -steplen)
            )
            if path in ancestors
        ]
        sections = [row for row in above if row["depth"] > 2]
        edition = next((row for row in above if row["depth"] == 2), None)
        refs.append(
            StoryRef(
                id=page.pk,
                title=page.title,
                locale_id=page.locale_id,
                edition_id=edition["id"] if edition else None,
                section_ids=tuple(row["id"] for row in sections),
                tag_ids=tuple(sorted(tags.get(page.pk, ()))),
                author_ids=tuple(sorted(set(authors.get(page.pk, ())))),
                url=addresses.url(page.url_path),
                old_url=addresses.url(old_url_paths.get(page.pk)),
                edition_url=addresses.url(edition["url_path"]) if edition else None,
                section_urls=tuple(
                    url
                    for url in (addresses.url(row["url_path"]) for row in sections)
                    if url
                ),
            )
        )
    return tuple(refs)


def emit_stories(
    change: StoryChange,
    pages: Iterable[Page],
    *,
    old_url_paths: dict[int, str] | None = None,
) -> None:
    """Send `change` for `pages` once the transaction commits."""
    refs = story_refs(pages, old_url_paths=old_url_paths)
    if refs:
        emit(StoriesChanged(change=change, stories=refs))
