"""The update chain of wire stories: one row per agency `uri`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WireStatus(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WireItem(models.Model):
    """The last version of a wire story that was imported, and its article.

    Same `uri` = same story: a higher `version` updates the article, an equal
    or lower one is skipped."""

    uri = models.CharField(_("URI"), max_length=500, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    page = models.OneToOneField(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_item",
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WireStatus.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")

    def __str__(self):
        return f"{self.uri} v{self.version}"
