from django.apps import AppConfig


class MultimediaConfig(AppConfig):
    name = "masthead.multimedia"
    label = "multimedia"
    verbose_name = "Multimedia"

    def ready(self):
        from django.core.signals import setting_changed

        from .images import apply_pillow_limit, on_setting_changed

        apply_pillow_limit()
        setting_changed.connect(on_setting_changed)
