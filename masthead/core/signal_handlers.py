"""Wagtail's page signals and model saves, turned into events (core.events).

Pages of any app emit `PagesChanged`, unless their class reports its own
changes (`reports_own_changes = True`: the newsroom's stories emit richer
`StoriesChanged` events); site settings emit `SiteChanged`. What follows
(purging the page cache and the CDN) are the subscribers in core.subscribers.
Failed background tasks are logged here too.
"""

import logging

from django.db.models.signals import post_delete, post_save
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .events import PagesChanged, SiteChanged, emit

tasks_logger = logging.getLogger("masthead.tasks")


def _reports_own_changes(page) -> bool:
    # Deleting a story sends post_delete for its base `Page` row too.
    return bool(getattr(page.specific_class, "reports_own_changes", False))


def _page_changed(change: str):
    def handler(sender, instance, **kwargs):
        if not isinstance(instance, Page) or _reports_own_changes(instance):
            return
        url = instance.get_full_url()
        emit(
            PagesChanged(
                change=change, page_ids=(instance.pk,), urls=(url,) if url else ()
            )
        )

    handler.__name__ = f"page_{change}"
    return handler


def restriction_changed(sender, instance, **kwargs):
    """A password, login or group restriction was set, changed or lifted: the
    page and what is below it appear in (or vanish from) fronts, listings,
    feeds, sitemaps, search and the API."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or _reports_own_changes(page):
        return
    change = "unrestricted" if kwargs.get("signal") is post_delete else "restricted"
    emit(PagesChanged(change=change, page_ids=(page.pk,)))


def site_setting_changed(sender, **kwargs):
    if issubclass(sender, BaseSiteSetting):
        emit(SiteChanged(what=sender._meta.label))


def log_failed_task(sender, task_result, **kwargs):
    """A failed task says which task and which arguments (story ids, URLs),
    so the desk can tell what did not happen, whichever backend ran it."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    shown = [repr(arg) for arg in task_result.args]
    shown += [f"{key}={value!r}" for key, value in task_result.kwargs.items()]
    tasks_logger.error(
        "tasks: task %s %s(%s) failed: %s\n%s",
        task_result.id,
        task_result.task.name,
        ", ".join(shown),
        error.exception_class_path if error else "unknown error",
        error.traceback if error else "",
    )


def connect():
    task_finished.connect(log_failed_task, dispatch_uid="masthead-log-failed-task")
    post_save.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="masthead-page-restricted",
    )
    post_delete.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="masthead-page-unrestricted",
    )
    page_published.connect(
        _page_changed("published"), weak=False, dispatch_uid="masthead-page-published"
    )
    page_unpublished.connect(
        _page_changed("unpublished"),
        weak=False,
        dispatch_uid="masthead-page-unpublished",
    )
    post_page_move.connect(
        _page_changed("moved"), weak=False, dispatch_uid="masthead-page-moved"
    )
    post_delete.connect(
        _page_changed("deleted"),
        sender=Page,
        weak=False,
        dispatch_uid="masthead-page-deleted",
    )
    post_save.connect(site_setting_changed, dispatch_uid="masthead-site-setting")
    post_delete.connect(site_setting_changed, dispatch_uid="masthead-site-setting-del")
