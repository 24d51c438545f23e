"""Purge cached pages when a newsroom snippet readers see has changed."""

from django.db.models.signals import post_delete, post_save

from masthead.core.signal_handlers import purge_all_after_commit

from .models import Agency, Author


def connect():
    # Bylines and agency credits show on fronts, listings and story pages.
    for model in (Agency, Author):
        post_save.connect(
            purge_all_after_commit,
            sender=model,
            dispatch_uid=f"masthead-purge-{model._meta.model_name}",
        )
        post_delete.connect(
            purge_all_after_commit,
            sender=model,
            dispatch_uid=f"masthead-purge-{model._meta.model_name}-del",
        )
