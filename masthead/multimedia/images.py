"""The pixel cap shared by every path a picture takes into Masthead.

A PNG of a few kilobytes can decode to 12,000 x 12,000 pixels (a
"decompression bomb"), and renditions are made during reader requests. So:

- `check_pixels` / `image_size` refuse more than MASTHEAD_IMAGE_MAX_PIXELS
  (width x height x frames) for wire pictures and any code that makes a
  NewsImage (the demo loader, imports); the admin's upload form uses Wagtail's
  own check, WAGTAILIMAGES_MAX_IMAGE_PIXELS, set to the same number;
- `apply_pillow_limit` sets Pillow's own guard so that opening a bigger file
  anywhere (a rendition of a picture stored before the cap, or a file swapped
  on disk) raises instead of eating memory. Pillow raises DecompressionBombError
  only beyond TWICE its MAX_IMAGE_PIXELS (and merely warns beyond it), so it is
  set to half the cap: an error at exactly our limit.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 40_000_000


def max_pixels() -> int:
    return int(getattr(settings, "MASTHEAD_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def too_many_pixels(width: int | None, height: int | None, frames: int = 1) -> str:
    """Why a picture of this size is refused, or "" if it is not."""
    pixels = (width or 0) * (height or 0) * max(frames or 1, 1)
    limit = max_pixels()
    if pixels > limit:
        return _("too many pixels (%(width)s × %(height)s; the limit is %(limit)s)") % {
            "width": width,
            "height": height,
            "limit": f"{limit:,}",
        }
    return ""


def check_pixels(width: int | None, height: int | None, frames: int = 1) -> None:
    reason = too_many_pixels(width, height, frames)
    if reason:
        raise ValidationError(reason, code="too_many_pixels")


def image_size(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of a picture, read from its header without
    decoding it. Raises ValidationError if it is not a picture or has too many
    pixels."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            width, height = picture.size
            frames = getattr(picture, "n_frames", 1)
            picture.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("too many pixels (the limit is %(limit)s)")
            % {"limit": f"{max_pixels():,}"},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("not a picture (%(error)s)") % {"error": type(exc).__name__},
            code="not_a_picture",
        ) from exc
    check_pixels(width, height, frames)
    return kind, width, height


def apply_pillow_limit(**_kwargs) -> None:
    """Pillow's process-wide guard at our cap (see the module's docstring)."""
    Image.MAX_IMAGE_PIXELS = max(1, max_pixels() // 2)
    # Between half the cap and the cap Pillow only warns; our own checks
    # decide there, so the warning is noise.
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def on_setting_changed(setting, **kwargs) -> None:
    if setting == "MASTHEAD_IMAGE_MAX_PIXELS":
        apply_pillow_limit()
