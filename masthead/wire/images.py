"""Lead pictures for wire stories: fetched safely, checked, stored once.

A picture is fetched through `fetch` (public addresses only, a deadline, a
size cap), must open as an image Wagtail accepts, and becomes a NewsImage with
the agency's caption and credit. The same bytes imported again reuse the
stored image (Wagtail's file hash). Any failure leaves a note on the story's
import line and the story imports without its picture.
"""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image, UnidentifiedImageError
from wagtail.utils.file import hash_filelike

from masthead.multimedia.models import NewsImage

from .fetch import FetchError, fetch
from .ninjs import ImageRef

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
TIMEOUT = 10.0


def _clean(value: str, limit: int) -> str:
    from .services import plain_text

    return plain_text(value, limit)


def fetch_lead_image(ref: ImageRef, notes: list[str]) -> NewsImage | None:
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    try:
        fetched = fetch(ref.url, max_bytes=limit, timeout=TIMEOUT, accept="image/*")
    except FetchError as exc:
        notes.append(f"image not imported: {exc}")
        return None
    try:
        with Image.open(io.BytesIO(fetched.body)) as picture:
            kind = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        notes.append(f"image not imported: not a picture ({type(exc).__name__})")
        return None
    except Image.DecompressionBombError:
        notes.append("image not imported: too many pixels")
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
    caption = _clean(ref.caption, 500)
    image = NewsImage(
        title=(caption or stem)[:255],
        caption=caption,
        credit=_clean(ref.credit, 255),
        alt_text=_clean(ref.alt_text, 500),
    )
    image.file = ImageFile(io.BytesIO(fetched.body), name=f"{stem}.{extension}")
    image.file_size = len(fetched.body)
    image.file_hash = digest
    image.save()
    return image
