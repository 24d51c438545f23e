from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "masthead.wire"
    label = "wire"
    verbose_name = "Wire ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.core.scheduler import register_job

        from .polling import poll_due_sources

        # Sources whose poll interval has passed; a slow feed only holds up
        # this lane, never scheduled publishing.
        register_job("poll_wire_sources", 30.0, poll_due_sources)
