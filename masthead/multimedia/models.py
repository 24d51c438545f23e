"""Newsroom images: every picture carries its own caption and credit."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer / agency")
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=500,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )

    admin_form_fields = Image.admin_form_fields + ("alt_text", "caption", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or self.caption or self.title


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(
        NewsImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
