"""The admin's Reports > Scheduler page (who runs the scheduled jobs, and how
their last runs went) and Reports > Background tasks (the task queue)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .scheduler import DEFAULT_JOBS, current_holder, last_runs
from .worker import task_label

TASKS_LISTED = 20


def scheduler_state() -> dict:
    holder = current_holder()
    if holder and holder.get("since"):
        try:
            holder["since_dt"] = datetime.fromisoformat(holder["since"])
        except ValueError:
            holder["since_dt"] = None
    runs = last_runs()
    jobs = []
    for job in DEFAULT_JOBS:
        run = dict(runs.get(job.name) or {})
        if run.get("started"):
            try:
                run["started_dt"] = datetime.fromisoformat(run["started"])
            except ValueError:
                run["started_dt"] = None
        jobs.append({"name": job.name, "interval": job.interval, "last": run})
    return {
        "holder": holder,
        "running": bool(holder) and not holder.get("stale"),
        "jobs": jobs,
        "stale_after": settings.MASTHEAD_SCHEDULER_STALE_AFTER,
        "backend": "Redis" if settings.REDIS_URL else _("lock file in the data dir"),
    }


class SchedulerStatusView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Scheduler")
    header_icon = "time"
    template_name = "core/admin/scheduler.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(scheduler_state())
        return context


def _task_row(result: DBTaskResult) -> dict:
    traceback = result.traceback.strip()
    return {
        "id": result.pk,
        "label": task_label(result),
        "queue": result.queue_name,
        "enqueued_at": result.enqueued_at,
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "worker": result.worker_ids[-1] if result.worker_ids else "",
        "error": traceback.splitlines()[-1] if traceback else "",
        "traceback": traceback,
    }


def task_queue_state() -> dict:
    """Counts by status and the latest queued, running and failed tasks: a
    fixed number of queries whatever the size of the queue."""
    counts = {
        row["status"]: row["n"]
        for row in DBTaskResult.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    statuses = [
        {"label": label, "count": counts.get(value, 0)}
        for value, label in TaskResultStatus.choices
    ]
    latest = {
        "queued": ("enqueued_at", TaskResultStatus.READY),
        "running": ("started_at", TaskResultStatus.RUNNING),
        "failed": ("finished_at", TaskResultStatus.FAILED),
    }
    return {
        "statuses": statuses,
        **{
            name: [
                _task_row(result)
                for result in DBTaskResult.objects.filter(status=status).order_by(
                    f"-{field}"
                )[:TASKS_LISTED]
            ]
            for name, (field, status) in latest.items()
        },
        "listed": TASKS_LISTED,
        "time_limit": settings.MASTHEAD_TASK_TIME_LIMIT,
    }


class TaskQueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Background tasks")
    header_icon = "cogs"
    template_name = "core/admin/tasks.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(task_queue_state())
        return context
