"""The admin's Reports > Scheduler page: who runs the scheduled jobs, and how
their last runs went."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .scheduler import DEFAULT_JOBS, current_holder, last_runs


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
