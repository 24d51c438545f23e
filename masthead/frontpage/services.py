"""The doors through which the front page's curation is written.

Saving an edition's Top Stories is a Wagtail action (registered for the
TopStories model in FrontpageConfig.ready()), so the snippet admin's create
and edit views, `save_top_stories()` (tests, the demo, scripts) and anything
else that asks Wagtail's action registry all check the same permission,
validate the same rules, write the same history entry and send the same
event after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.actions.create import CreateAction
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction
from wagtail.actions.registry import action_registry
from wagtail.permission_policies import ModelPermissionPolicy

from masthead.core.events import emit

from .events import TopStoriesChanged
from .models import (
    TopStories,
    TopStoryPick,
    validate_top_story_picks,
)

logger = logging.getLogger("masthead.frontpage")

# Whoever may flag a story as a top story curates the edition's Top Stories:
# section editors, the chief editor, administrators (newsroom.roles).
CURATE_PERMISSION = "newsroom.set_top_story"


class TopStoriesPermissionPolicy(ModelPermissionPolicy):
    """Curating is one right, the one the story form already uses for the
    top-story flag; nobody deletes a lineup (an empty one means automatic)."""

    def __init__(self):
        super().__init__(TopStories, auth_model="newsroom.ArticlePage")

    def _get_permission_codename(self, action):
        return "set_top_story"

    def user_has_permission(self, user, action):
        return action != "delete" and user.has_perm(CURATE_PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"delete"}:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


class _Announces:
    """Validate the picks when no admin form did, and tell the page caches
    which editions changed once the save commits."""

    def _clean_instance(self):
        if not self.form:
            validate_top_story_picks(
                self.instance.edition, list(self.instance.picks.all())
            )
        super()._clean_instance()

    def _editions(self) -> set[int]:
        editions = {self.instance.edition_id}
        if self.instance.pk:  # an edit may move the lineup to another edition
            editions.update(
                TopStories.objects.filter(pk=self.instance.pk).values_list(
                    "edition_id", flat=True
                )
            )
        return editions

    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            editions = self._editions()
            lineup = super().execute(skip_permission_checks=skip_permission_checks)
            emit(TopStoriesChanged(edition_ids=tuple(sorted(editions))))
        return lineup


class CreateTopStories(_Announces, CreateAction):
    pass


class EditTopStories(_Announces, EditAction):
    pass


class DeleteTopStories(DeleteAction):
    """Only for completeness (the policy refuses deletes): what was shown
    still has to go from the caches."""

    def execute(self, skip_permission_checks=False):
        edition_id = self.instance.edition_id
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            emit(TopStoriesChanged(edition_ids=(edition_id,)))
        return result


def register() -> None:
    from wagtail.permissions import register_permission_policy

    register_permission_policy(TopStories, TopStoriesPermissionPolicy())
    for action in (CreateTopStories, EditTopStories, DeleteTopStories):
        action_registry.register(TopStories, action)


def save_top_stories(
    *,
    edition,
    picks: Sequence[tuple[object, datetime | None]],
    user=None,
) -> TopStories:
    """Replace `edition`'s curated Top Stories with `picks` ((story, expiry or
    None), in order). Raises PermissionDenied when `user` may not curate,
    ValidationError when a pick is not allowed."""
    lineup = TopStories.objects.filter(edition=edition).first()
    name = "edit"
    if lineup is None:
        lineup, name = TopStories(edition=edition), "create"
    lineup.picks = [
        TopStoryPick(story=story, expires_at=expires_at, sort_order=index)
        for index, (story, expires_at) in enumerate(picks)
    ]
    action = action_registry.get_action_class(TopStories, name)
    return action(lineup, user=user).execute()


def expire_top_story_picks(*, now: datetime | None = None) -> int:
    """Remove the picks whose time is up and purge their editions' pages
    (a periodic job): the front drops an expired pick without an edit. Reads
    skip expired picks anyway, so this only makes it prompt everywhere,
    including a CDN in front."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = TopStoryPick.objects.filter(expires_at__lte=now)
        editions: Iterable[int] = set(
            expired.values_list("lineup__edition_id", flat=True)
        )
        if not editions:
            return 0
        count, _ = expired.delete()
        emit(TopStoriesChanged(edition_ids=tuple(sorted(editions))))
    logger.info("%d Top Stories pick(s) expired", count)
    return count
