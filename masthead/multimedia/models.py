"""Newsroom images: every picture carries its own caption and credit."""

import logging

from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Image,
    SourceImageIOError,
)

from .images import check_pixels, too_many_pixels

logger = logging.getLogger("masthead.multimedia")


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

    def save(self, *args, **kwargs):
        # Every way of adding a picture (wire, demo, code) obeys the pixel cap;
        # the admin's form has already said so more kindly.
        if self._state.adding and self.file:
            check_pixels(self.width, self.height)
        super().save(*args, **kwargs)

    def get_rendition(self, filter):
        """As Wagtail's, but a rendition found among the image's prefetched
        renditions is returned as it is: Wagtail writes it back to the
        renditions cache on every call (a pickle each time; the share image
        and the logo are asked for several times a story page)."""
        if isinstance(filter, str):
            filter = Filter(spec=filter)
        if isinstance(filter, Filter) and self._get_prefetched_renditions() is not None:
            found = self.find_existing_renditions(self.clean_filter_for_svg(filter))
            if found:
                return next(iter(found.values()))
        return super().get_rendition(filter)

    def generate_rendition_file(self, filter, *, source=None):
        """Never decode an oversized picture (stored before the cap, or its
        file swapped on disk) during a request: Wagtail's image tags turn
        SourceImageIOError into an empty picture instead of a 500."""
        reason = too_many_pixels(self.width, self.height)
        if reason:
            logger.warning("image %s not rendered: %s", self.pk, reason)
            raise SourceImageIOError(reason)
        try:
            return super().generate_rendition_file(filter, source=source)
        except PILImage.DecompressionBombError as exc:
            logger.warning("image %s not rendered: %s", self.pk, exc)
            raise SourceImageIOError(str(exc)) from exc


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(
        NewsImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
