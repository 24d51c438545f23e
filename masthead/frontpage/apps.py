from django.apps import AppConfig


class FrontpageConfig(AppConfig):
    name = "masthead.frontpage"
    label = "frontpage"
    verbose_name = "Frontpage"

    def ready(self):
        from masthead.newsroom.selectors import register_rails

        from .selectors import rails_context

        # Story and section pages show the edition's rails beside them.
        register_rails(rails_context)
