"""Pictures for the demo, drawn with Pillow: no downloads, no stock photos."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from masthead.multimedia.models import NewsImage

from .content import IMAGE_THEMES, PALETTES, PHOTO_CREDITS

TITLE_PREFIX = "Demo picture"
WIDTH, HEIGHT = 1600, 900
COLOUR_NAMES = [
    "deep blue and teal",
    "maroon and orange",
    "indigo and violet",
    "green and lime",
    "purple and pink",
    "blue and sky blue",
    "brown and gold",
    "charcoal and red",
]


@dataclass(frozen=True)
class PictureSpec:
    beat: str
    label: str
    caption: str
    number: int

    @property
    def title(self) -> str:
        return f"{TITLE_PREFIX} {self.number:02d}: {self.caption}"


def picture_specs(pool_size: int) -> list[PictureSpec]:
    """`pool_size` pictures, round-robin over the beats so each gets some."""
    queues = {
        beat: [(label, caption) for caption in captions]
        for beat, (label, captions) in IMAGE_THEMES.items()
    }
    specs: list[PictureSpec] = []
    rounds = 0
    while len(specs) < pool_size:
        for beat, entries in queues.items():
            if len(specs) >= pool_size:
                break
            label, caption = entries[rounds % len(entries)]
            if rounds >= len(entries):
                caption = f"{caption}, another view"
            specs.append(PictureSpec(beat, label, caption, len(specs) + 1))
        rounds += 1
    return specs


def _font(size: int):
    return ImageFont.load_default(size=size)


def _gradient(size, start, end, angle) -> Image.Image:
    # Rotate a bigger square and keep its middle, so no corner is left unfilled.
    mask = Image.linear_gradient("L").resize((512, 512)).rotate(angle)
    mask = mask.crop((128, 128, 384, 384)).resize(size, Image.Resampling.BICUBIC)
    return Image.composite(
        Image.new("RGB", size, end), Image.new("RGB", size, start), mask
    )


def draw_picture(number: int, label: str, *, size=(WIDTH, HEIGHT)) -> tuple:
    """A gradient, soft shapes and a big label. Returns (JPEG bytes, alt text)."""
    rng = random.Random(number * 7919)
    palette_index = number % len(PALETTES)
    start, end = PALETTES[palette_index]
    width, height = size
    image = _gradient(size, start, end, rng.choice([0, 30, 45, 60, 90, 135]))

    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    shape = rng.choice(["circles", "bands", "skyline"])
    if shape == "circles":
        for _ in range(rng.randint(4, 8)):
            r = rng.randint(height // 10, height // 2)
            x, y = rng.randint(0, width), rng.randint(0, height)
            alpha = rng.randint(30, 80)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, alpha))
    elif shape == "bands":
        for _ in range(rng.randint(3, 6)):
            x = rng.randint(-width // 2, width)
            w = rng.randint(60, 260)
            alpha = rng.randint(25, 70)
            draw.polygon(
                [(x, height), (x + w, height), (x + w + 500, 0), (x + 500, 0)],
                fill=(255, 255, 255, alpha),
            )
    else:
        x = 0
        while x < width:
            w = rng.randint(50, 160)
            h = rng.randint(height // 6, height // 2)
            draw.rectangle(
                (x, height - h, x + w - 8, height), fill=(0, 0, 0, rng.randint(60, 110))
            )
            x += w
    overlay = overlay.filter(ImageFilter.GaussianBlur(2))
    image = Image.alpha_composite(image.convert("RGBA"), overlay)

    text = ImageDraw.Draw(image)
    big = _font(int(height * 0.16))
    small = _font(int(height * 0.04))
    left, top = int(width * 0.06), int(height * 0.58)
    text.text((left + 6, top + 6), label, font=big, fill=(0, 0, 0, 110))
    text.text((left, top), label, font=big, fill=(255, 255, 255, 255))
    text.text(
        (left + 4, top + int(height * 0.19)),
        "Masthead demo illustration",
        font=small,
        fill=(255, 255, 255, 220),
    )
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=78, optimize=True)
    shapes = {
        "circles": "soft circles",
        "bands": "diagonal bands",
        "skyline": "a dark skyline",
    }[shape]
    alt = (
        f"Abstract illustration in {COLOUR_NAMES[palette_index]} with {shapes} "
        f"and the word {label}"
    )
    return buffer.getvalue(), alt


def save_image(
    title: str, data: bytes, filename: str, *, caption="", credit="", alt=""
) -> NewsImage:
    image = NewsImage(title=title, caption=caption, credit=credit, alt_text=alt)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def ensure_picture_pool(pool_size: int) -> dict[str, list[NewsImage]]:
    """The shared pool of story pictures, by beat; creates the missing ones."""
    specs = picture_specs(pool_size)
    existing = {
        image.title: image
        for image in NewsImage.objects.filter(title__startswith=TITLE_PREFIX)
    }
    pool: dict[str, list[NewsImage]] = {}
    for index, spec in enumerate(specs):
        image = existing.get(spec.title)
        if image is None:
            data, alt = draw_picture(spec.number, spec.label)
            image = save_image(
                spec.title,
                data,
                f"demo-{spec.beat}-{spec.number:02d}.jpg",
                caption=spec.caption,
                credit=PHOTO_CREDITS[index % len(PHOTO_CREDITS)],
                alt=alt,
            )
        pool.setdefault(spec.beat, []).append(image)
    return pool


def draw_avatar(name: str, number: int, size: int = 400) -> bytes:
    start, end = PALETTES[number % len(PALETTES)]
    image = _gradient((size, size), start, end, 45)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = _font(int(size * 0.38))
    box = draw.textbbox((0, 0), initials, font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    draw.text(
        ((size - w) / 2 - box[0], (size - h) / 2 - box[1]),
        initials,
        font=font,
        fill=(255, 255, 255),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def draw_wordmark(text: str, *, size=(720, 180), colours=None) -> bytes:
    start, end = colours or ((12, 24, 48), (30, 60, 110))
    image = _gradient(size, start, end, 0)
    draw = ImageDraw.Draw(image)
    font = _font(int(size[1] * 0.5))
    box = draw.textbbox((0, 0), text, font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    draw.text(
        ((size[0] - w) / 2 - box[0], (size[1] - h) / 2 - box[1]),
        text,
        font=font,
        fill=(255, 255, 255),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
