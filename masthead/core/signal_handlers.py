"""Purge cached pages after anything a reader sees has changed and committed;
log background tasks that fail."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .purge import purge_all_pages, purge_edge_for_page

tasks_logger = logging.getLogger("masthead.tasks")


def purge_after_commit(**kwargs):
    transaction.on_commit(purge_all_pages)
    page = kwargs.get("instance")
    if isinstance(page, Page):
        transaction.on_commit(lambda: purge_edge_for_page(page))


def purge_after_model_change(sender, **kwargs):
    """Site settings show on every page. Apps connect their own snippets
    (newsroom: agencies and authors) to `purge_all_after_commit`."""
    if issubclass(sender, BaseSiteSetting):
        purge_all_after_commit()


def purge_all_after_commit(**kwargs):
    transaction.on_commit(purge_all_pages)


def purge_after_restriction_change(sender, instance, **kwargs):
    """A password, login or group restriction was set, changed or lifted: the
    page and everything below it appear in (or vanish from) fronts, listings,
    rails, feeds, sitemaps, search and the API. Purge them all after commit,
    and the pages themselves at the CDN."""
    page_id = instance.page_id

    def purge():
        purge_all_pages()
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            purge_edge_for_restricted(page)

    transaction.on_commit(purge)


def purge_edge_for_restricted(page) -> None:
    from django.conf import settings

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(page.get_descendants(inclusive=True).live().specific())
    batch.purge()
    purge_edge_for_page(page)


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
        purge_after_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid="masthead-purge-restricted",
    )
    post_delete.connect(
        purge_after_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid="masthead-purge-unrestricted",
    )
    page_published.connect(purge_after_commit, dispatch_uid="masthead-purge-published")
    page_unpublished.connect(
        purge_after_commit, dispatch_uid="masthead-purge-unpublished"
    )
    post_page_move.connect(purge_after_commit, dispatch_uid="masthead-purge-moved")
    post_delete.connect(
        purge_after_commit, sender=Page, dispatch_uid="masthead-purge-deleted"
    )
    post_save.connect(purge_after_model_change, dispatch_uid="masthead-purge-snippets")
    post_delete.connect(
        purge_after_model_change, dispatch_uid="masthead-purge-snippets-del"
    )
