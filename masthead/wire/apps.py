from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "masthead.wire"
    label = "wire"
    verbose_name = "Wire ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.core.scheduler import register_job

        from .tasks import enqueue_due_sources

        # Sources whose poll interval has passed, one background task each
        # (masthead/wire/tasks.py): a slow feed holds up only its own task.
        register_job("poll_wire_sources", 30.0, enqueue_due_sources)
