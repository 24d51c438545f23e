"""The front page's events: what curation changed, for the page caches."""

from __future__ import annotations

from dataclasses import dataclass

from masthead.core import surrogate
from masthead.core.events import Event, Purge


@dataclass(frozen=True, kw_only=True)
class TopStoriesChanged(Event):
    """An edition's curated Top Stories were saved, or a pick expired."""

    edition_ids: tuple[int, ...]

    def purge(self) -> Purge:
        # The edition's listings (its front, `latest/`, feeds and rails), not
        # the whole site: story pages' rails follow within the page TTL.
        return Purge(keys=tuple(surrogate.edition(pk) for pk in self.edition_ids))
