"""Wagtail's signals about stories, turned into newsroom events.

The admin, the Wagtail workflow, the scheduler and one-at-a-time imports all
publish through Wagtail's revision actions, so Wagtail's signals are where
their changes are seen; newsroom.services and the bulk writer emit their own.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core.events import SiteChanged, emit

from .events import StoryChange, emit_stories
from .models import Agency, ArticlePage, Author

# Actions in a page's history that leave it live, or take it off.
LIVE_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
OFF_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled", "masthead.withdraw")

_told = contextvars.ContextVar("masthead_told", default=frozenset())
# Stories being deleted in this thread: Wagtail unpublishes a page before it
# deletes it, and that is part of `deleted`, not an `unpublished` of its own.
_deleting = threading.local()


def _being_deleted() -> set[int]:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


@contextlib.contextmanager
def told_elsewhere(*changes: StoryChange):
    """Inside the block, Wagtail's signals for `changes` are not turned into
    events: the door that makes the change sends a more precise one (a
    withdrawal unpublishes, but readers see a 410 notice, not a 404)."""
    token = _told.set(_told.get() | set(changes))
    try:
        yield
    finally:
        _told.reset(token)


def _send(change: StoryChange, pages, **kwargs) -> None:
    if change not in _told.get():
        emit_stories(change, pages, **kwargs)


def was_live_before(page: ArticlePage) -> bool:
    """Whether `page` was live just before the publish being signalled."""
    if page.first_published_at == page.last_published_at:
        return False  # Wagtail stamps both with the same `now` the first time
    last = (
        PageLogEntry.objects.filter(
            page_id=page.pk, action__in=LIVE_ACTIONS + OFF_ACTIONS
        )
        .order_by("-timestamp", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return last in LIVE_ACTIONS


def story_published(sender, instance, **kwargs):
    if not instance.live:
        return  # scheduled for later: story_scheduled says so
    change = StoryChange.UPDATED if was_live_before(instance) else StoryChange.PUBLISHED
    _send(change, [instance])


def story_unpublished(sender, instance, **kwargs):
    if instance.pk not in _being_deleted():
        _send(StoryChange.UNPUBLISHED, [instance])


def story_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before == url_path_after:
        return
    if issubclass(instance.specific_class, ArticlePage):
        _send(
            StoryChange.MOVED, [instance], old_url_paths={instance.pk: url_path_before}
        )
        return
    # A section moved: every story below it has a new address.
    stories = list(ArticlePage.objects.descendant_of(instance).live())
    old = {
        story.pk: url_path_before + story.url_path[len(url_path_after) :]
        for story in stories
    }
    _send(StoryChange.MOVED, stories, old_url_paths=old)


def story_deleted(sender, instance, **kwargs):
    if not issubclass(instance.specific_class or Page, ArticlePage):
        return
    _being_deleted().add(instance.pk)
    if instance.live or instance.first_published_at:
        _send(StoryChange.DELETED, [instance])


def story_gone(sender, instance, **kwargs):
    _being_deleted().discard(instance.pk)


def revision_scheduled(sender, instance, update_fields=None, **kwargs):
    if (
        not update_fields
        or "approved_go_live_at" not in update_fields
        or instance.approved_go_live_at is None
        or instance.content_type_id != ContentType.objects.get_for_model(ArticlePage).pk
    ):
        return
    story = ArticlePage.objects.filter(pk=instance.object_id).first()
    if story is not None:
        _send(StoryChange.SCHEDULED, [story])


def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    stories = ArticlePage.objects.descendant_of(page, inclusive=True).filter(live=True)
    unrestricted = kwargs.get("signal") is post_delete
    _send(
        StoryChange.UNRESTRICTED if unrestricted else StoryChange.RESTRICTED,
        list(stories),
    )


def byline_changed(sender, **kwargs):
    # Bylines and agency credits show on fronts, listings and story pages.
    # A new author or agency is on no page yet (its own pages answered 404,
    # which is never kept): the story that brings it purges its own pages.
    # Purging everything here made a wire story from a new agency re-render
    # the whole site.
    if kwargs.get("created"):
        return
    emit(SiteChanged(what=sender._meta.label))


def connect():
    page_published.connect(
        story_published, sender=ArticlePage, dispatch_uid="masthead-story-published"
    )
    page_unpublished.connect(
        story_unpublished, sender=ArticlePage, dispatch_uid="masthead-story-unpub"
    )
    post_page_move.connect(story_moved, dispatch_uid="masthead-story-moved")
    # Before the rows go, so the event still has the story's tags and sections.
    pre_delete.connect(story_deleted, sender=Page, dispatch_uid="masthead-story-del")
    post_delete.connect(story_gone, sender=Page, dispatch_uid="masthead-story-gone")
    post_save.connect(
        revision_scheduled, sender=Revision, dispatch_uid="masthead-story-scheduled"
    )
    post_save.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="masthead-story-restricted",
    )
    post_delete.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="masthead-story-unrestricted",
    )
    for model in (Agency, Author):
        name = model._meta.model_name
        post_save.connect(
            byline_changed, sender=model, dispatch_uid=f"masthead-{name}-saved"
        )
        post_delete.connect(
            byline_changed, sender=model, dispatch_uid=f"masthead-{name}-deleted"
        )
