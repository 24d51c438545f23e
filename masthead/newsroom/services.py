"""The newsroom's doors: one function per change to a story.

The admin views, the command line, the wire importer, the scheduler and the
tests call these, never a model method or a hand-rolled sequence of Wagtail
calls, so every path leaves the same history and sends the same event
(newsroom.events). Permission checks stay with the caller (the admin view
checks the editor; an importer checks the source's ownership).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Revision

from masthead.core.text import strip_controls

from .events import StoryChange, emit_stories
from .models import ArticleNote, ArticlePage, NoteKind
from .signal_handlers import told_elsewhere

MAX_NOTE = 1000


def _clean_note(text: str) -> str:
    return " ".join(strip_controls(str(text or "")).split())[:MAX_NOTE]


def withdraw_story(*, story: ArticlePage, note: str = "", user=None) -> ArticlePage:
    """Kill the story: unpublish it, cancel any scheduled publish, and leave a
    410 page with `note` at its address. A story readers never saw leaves no
    trace (a 404). Sends `withdrawn` (not `unpublished`)."""
    note = _clean_note(note)
    was_public = story.live or story.first_published_at is not None
    with transaction.atomic(), told_elsewhere(StoryChange.UNPUBLISHED):
        if story.live:
            story.unpublish(user=user, log_action=True)
        ArticlePage.objects.filter(pk=story.pk).update(
            go_live_at=None,
            withdrawn_at=timezone.now() if was_public else None,
            withdrawal_note=note if was_public else "",
        )
        story.revisions.filter(approved_go_live_at__isnull=False).update(
            approved_go_live_at=None
        )
        log(story, "masthead.withdraw", user=user, data={"note": note})
        if was_public:
            emit_stories(StoryChange.WITHDRAWN, [story])
    story.refresh_from_db()
    return story


def publish_story(
    *, story: ArticlePage, revision: Revision | None = None, user=None
) -> ArticlePage:
    """Publish `revision` (the latest by default): live now, or scheduled when
    its go-live time is ahead. Wagtail's revision action does the work and its
    signal sends `published`, `updated` or `scheduled`."""
    revision = revision or story.latest_revision or story.save_revision(user=user)
    revision.publish(user=user)
    story.refresh_from_db()
    return story


def restore_story(*, story: ArticlePage, user=None) -> ArticlePage:
    """Bring a withdrawn story back: its latest revision goes live again at its
    address, the 410 notice goes, and `published` is sent."""
    if story.live:
        return story
    with transaction.atomic():
        publish_story(story=story, user=user)
        log(story, "masthead.restore", user=user)
    return story


def correct_story(
    *,
    story: ArticlePage,
    text: str,
    kind: str = NoteKind.CORRECTION,
    noted_at: datetime | None = None,
    user=None,
) -> ArticlePage:
    """Add a correction (or an update) note to a live story and publish it:
    readers see the note, and the story's "Last modified" moves to the note's
    time. Sends `updated`."""
    text = _clean_note(text)
    if not story.live:
        raise ValueError("only a live story can be corrected")
    if not text:
        raise ValueError("a correction needs a note for readers")
    if kind not in NoteKind.values:
        raise ValueError(f"unknown note kind: {kind!r}")
    with transaction.atomic():
        draft = story.get_latest_revision_as_object()
        draft.notes.add(
            ArticleNote(kind=kind, text=text, noted_at=noted_at or timezone.now())
        )
        revision = draft.save_revision(user=user, log_action=True)
        publish_story(story=story, revision=revision, user=user)
    story.refresh_from_db()
    return story
