from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "masthead.wire"
    label = "wire"
    verbose_name = "Wire ingest"
    default_auto_field = "django.db.models.BigAutoField"
