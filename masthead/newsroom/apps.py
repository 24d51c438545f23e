from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analyse_new_tables(sender, using="default", **kwargs):
    from .bulk import analyse_unseen_tables

    analyse_unseen_tables(using)


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import signal_handlers, subscribers

        signal_handlers.connect()
        subscribers.connect()
        # Tables appear with migrations: give PostgreSQL's planner their
        # statistics at once (bulk.analyse_unseen_tables).
        post_migrate.connect(_analyse_new_tables, sender=self)
