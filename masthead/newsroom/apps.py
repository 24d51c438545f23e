from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import signal_handlers, subscribers

        signal_handlers.connect()
        subscribers.connect()
