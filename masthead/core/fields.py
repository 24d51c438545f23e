"""Model field shorthands used across apps."""

from django.db import models


def optional_link(to, verbose_name) -> models.ForeignKey:
    """An optional pointer (a photo, a logo, a footer page) that is cleared,
    not cascaded, when its target is deleted, with no reverse accessor."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
