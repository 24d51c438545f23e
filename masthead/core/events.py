"""Domain events: one door between what the newsroom does and what follows.

A write path (the admin, the workflow, the scheduler, an import, a bulk batch)
*emits* an event saying what changed; subscribers (page-cache purge, CDN
purge, search and reference index, later audience, newsletters, e-paper)
react to it. Neither side knows the other: a new reaction is one subscriber in
one file, and it hears every write path.

Events are delivered after the transaction that made the change commits
(`transaction.on_commit`), so a subscriber never sees data a rollback took
back, and a subscriber's failure never undoes the write: it is logged with
the event and the other subscribers still run. Subscribers must be fast; slow
work (indexing many stories, calling a CDN) is enqueued as a task
(`django_tasks`) by the subscriber.

Apps define their event types as frozen dataclasses deriving from `Event`,
and subscribe in their `AppConfig.ready()`; a subscriber to a base class hears
every subclass (core purges the page caches on any `Event`, by the
surrogate keys its `purge()` names).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger("masthead.events")


@dataclass(frozen=True, kw_only=True)
class Purge:
    """The surrogate keys (masthead.core.surrogate) an event makes stale, and
    whether the pages carrying them may still be served while they render
    again (soft) or never (hard: a withdrawal, a restriction)."""

    keys: tuple[str, ...]
    hard: bool = False


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something readers can see has changed."""

    def purge(self) -> Purge | None:
        """What the page caches drop: everything, unless a subclass knows
        better."""
        return Purge(keys=("all",))


@dataclass(frozen=True, kw_only=True)
class PagesChanged(Event):
    """Pages other than stories (fronts, sections, static pages) were
    published, unpublished, moved or deleted. `urls` are their addresses."""

    change: str
    page_ids: tuple[int, ...]
    urls: tuple[str, ...] = ()

    def purge(self) -> Purge:
        # A front, a section or a static page is in every page's navigation
        # and footer: everything, hard when readers must stop seeing it.
        return Purge(keys=("all",), hard=self.change in HARD_CHANGES)


@dataclass(frozen=True, kw_only=True)
class SiteChanged(Event):
    """Something shown on every page changed: site settings, a byline's
    author, an agency. `what` names the model."""

    what: str


# Changes after which the old page must never be served again.
HARD_CHANGES = frozenset({"withdrawn", "unpublished", "restricted", "deleted", "moved"})

Subscriber = Callable[[Event], None]
_subscribers: list[tuple[type[Event], Subscriber]] = []


def subscribe(event_type: type[Event], subscriber: Subscriber) -> Subscriber:
    """Call `subscriber(event)` for every committed event of `event_type` (or
    a subclass). Subscribing the same function twice has no effect."""
    if (event_type, subscriber) not in _subscribers:
        _subscribers.append((event_type, subscriber))
    return subscriber


def unsubscribe(event_type: type[Event], subscriber: Subscriber) -> None:
    if (event_type, subscriber) in _subscribers:
        _subscribers.remove((event_type, subscriber))


def subscribers_for(event: Event) -> list[Subscriber]:
    return [sub for kind, sub in _subscribers if isinstance(event, kind)]


def emit(event: Event) -> None:
    """Deliver `event` once the current transaction commits (at once outside
    one). A rolled-back transaction delivers nothing."""
    transaction.on_commit(lambda: deliver(event), robust=True)


def deliver(event: Event) -> None:
    for subscriber in subscribers_for(event):
        try:
            subscriber(event)
        except Exception:  # one subscriber's failure must not stop the others
            logger.exception(
                "subscriber %s failed on %r",
                getattr(subscriber, "__qualname__", subscriber),
                event,
            )
