from django.apps import AppConfig


class FrontpageConfig(AppConfig):
    name = "masthead.frontpage"
    label = "frontpage"
    verbose_name = "Frontpage"

    def ready(self):
        from masthead.core.scheduler import register_job
        from masthead.newsroom.selectors import register_rails

        from . import services
        from .selectors import rails_context

        # Story and section pages show the edition's rails beside them.
        register_rails(rails_context)
        # Curated Top Stories: their permission policy and save actions,
        # before any admin view or service asks Wagtail for them.
        services.register()
        # An expired pick leaves the front (and a CDN) within seconds.
        register_job("expire_top_story_picks", 15.0, services.expire_top_story_picks)
