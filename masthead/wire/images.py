"""Lead pictures for wire stories: fetched safely, checked, stored once.

A picture is fetched through `fetch` (public addresses only, always, a
deadline, a size cap), must open as an image Wagtail accepts with at most
MASTHEAD_IMAGE_MAX_PIXELS pixels (read from its header, never decoded here),
and becomes a NewsImage with
the agency's caption and credit. The same bytes imported again reuse the
stored image (Wagtail's file hash). Any failure leaves a note on the story's
import line and the story imports without its picture.
"""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from wagtail.utils.file import hash_filelike

from masthead.multimedia.images import image_size
from masthead.multimedia.models import NewsImage

from .fetch import FetchError, fetch
from .mapping import ImageRef, plain_text

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
TIMEOUT = 10.0


def fetch_lead_image(ref: ImageRef, notes: list[str]) -> NewsImage | None:
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    try:
        # A picture inside wire copy is third-party input: public addresses
        # only, whatever the source's own "allow private addresses" says.
        fetched = fetch(
            ref.url,
            max_bytes=limit,
            timeout=TIMEOUT,
            accept="image/*",
            allow_private=False,
        )
    except FetchError as exc:
        notes.append(f"image not imported: {exc}")
        return None
    try:
        # Read from the header, before anything is decoded: the pixel cap.
        kind, _width, _height = image_size(fetched.body)
    except ValidationError as exc:
        notes.append(f"image not imported: {' '.join(exc.messages)}")
        return None
    extension = FORMATS.get(kind or "")
    if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        notes.append(
            f"image not imported: {kind or 'unknown'} pictures are not allowed"
        )
        return None
    digest = hash_filelike(io.BytesIO(fetched.body))
    existing = NewsImage.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing
    stem = os.path.splitext(os.path.basename(urlsplit(fetched.url).path))[0]
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:60] or "wire"
    caption = plain_text(ref.caption, 500)
    image = NewsImage(
        title=(caption or stem)[:255],
        caption=caption,
        credit=plain_text(ref.credit, 255),
        alt_text=plain_text(ref.alt_text, 500),
    )
    image.file = ImageFile(io.BytesIO(fetched.body), name=f"{stem}.{extension}")
    image.file_size = len(fetched.body)
    image.file_hash = digest
    image.save()
    return image
