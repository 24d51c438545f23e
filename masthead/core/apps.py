from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self):
        from . import checks, signal_handlers, subscribers  # noqa: F401
        from .scheduler import publish_scheduled, register_job
        from .worker import prune_finished_results

        signal_handlers.connect()
        subscribers.connect()
        # Wagtail's own pages (any app's) go live and expire on time.
        register_job("publish_scheduled", 15.0, publish_scheduled)
        # Task results are for Reports > Background tasks, not an archive.
        register_job("prune_task_results", 3600.0, prune_finished_results)
