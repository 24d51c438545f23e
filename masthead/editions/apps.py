from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_editions_after_migrate(sender, using="default", **kwargs):
    from wagtail.models import Page

    from .services import ensure_editions

    if Page.objects.filter(depth=1).exists():
        ensure_editions()


class EditionsConfig(AppConfig):
    name = "masthead.editions"
    label = "editions"
    verbose_name = "Editions"

    def ready(self):
        # Sent once per app with models: listen to the one whose migrations
        # create the edition page model's table.
        from .selectors import edition_page_model

        post_migrate.connect(
            ensure_editions_after_migrate,
            sender=edition_page_model()._meta.app_config,
            dispatch_uid="masthead-ensure-editions",
        )
