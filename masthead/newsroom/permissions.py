"""Who may delete, move or unschedule a story.

Wagtail lets anyone with "change" (sub-editors) delete or move a page that is
not live, and a reporter ("add") delete their own. For a newsroom that is too
much: a story readers have seen (live, or withdrawn: its 410 notice), or are
about to see (scheduled), is the desk's to delete, move or unschedule. So for
those, these actions need publish rights on the story's section; a
never-published draft keeps Wagtail's rules.

`NewsroomPagePermissionTester` is what `ArticlePage.permissions_for_user()`
and `SectionPage.permissions_for_user()` return, so the admin's buttons, its
views and its bulk actions all ask it. Wagtail's move confirmation page asks
nobody; the `before_move_page` hook (wagtail_hooks.py) does. Every refusal is
logged as a `permission.denied` security event by
`masthead.accounts.middleware.SecurityAuditMiddleware`.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, PageLogEntry, PagePermissionTester, Revision

WITHDRAW_ACTION = "masthead.withdraw"


def seen_by_readers(page: Page) -> bool:
    """Whether `page` or a story under it is live, scheduled, withdrawn or was
    ever published."""
    from .models import ArticlePage

    subtree = Page.objects.filter(path__startswith=page.path)
    if subtree.filter(live=True).exists():
        return True
    stories = ArticlePage.objects.filter(path__startswith=page.path)
    if stories.filter(
        Q(first_published_at__isnull=False)
        | Q(withdrawn_at__isnull=False)
        | Q(go_live_at__isnull=False)
    ).exists():
        return True
    ids = {str(pk) for pk in stories.values_list("pk", flat=True)}
    if not ids:
        return False
    scheduled = set(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
            "object_id", flat=True
        )
    )
    if ids & scheduled:
        return True
    return PageLogEntry.objects.filter(
        page_id__in=[int(pk) for pk in ids], action=WITHDRAW_ACTION
    ).exists()


class NewsroomPagePermissionTester(PagePermissionTester):
    def _may_handle_published(self) -> bool:
        return self.user.is_superuser or "publish" in self.permissions

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return self._may_handle_published() or not seen_by_readers(self.page)

    # can_move() is can_delete(ignore_bulk=True).

    def can_move_to(self, destination):
        if not super().can_move_to(destination):
            return False
        if self.user.is_superuser or not seen_by_readers(self.page):
            return True
        # The story lands in another section: publish rights there too.
        return "publish" in destination.permissions_for_user(self.user).permissions

    def can_unschedule(self):
        return self.can_publish()
