import functools

from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "masthead.audience"
    label = "audience"
    verbose_name = "Audience"

    def ready(self):
        from masthead.core.scheduler import register_job
        from masthead.core.server import register_service

        from . import spool, store

        # Each server flushes its own spool (the files its workers append
        # beacons to), so this runs in every `masthead serve`, not only the
        # leader; pruning old buckets and salts is shared work: leader only.
        # Once the workers have stopped, nothing writes to the spool any more:
        # the last flush takes every segment, not only the settled ones.
        register_service(
            "audience-flush",
            spool.flush_every(),
            spool.flush,
            final=functools.partial(spool.flush, everything=True),
        )
        register_job("audience-prune", 3600, store.prune)
