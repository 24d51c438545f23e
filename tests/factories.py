"""Builders for newsroom data, used by every test."""

from __future__ import annotations

import io
import itertools
from datetime import datetime

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Locale

from masthead.frontpage.models import HomePage
from masthead.multimedia.models import NewsImage
from masthead.newsroom.models import (
    Agency,
    ArticleByline,
    ArticleKind,
    ArticlePage,
    Author,
    SectionPage,
)

_counter = itertools.count(1)


def make_image(
    title: str = "Photo",
    *,
    caption="A caption",
    credit="Staff photographer",
    size=(1200, 675),
    color=(30, 90, 160),
) -> NewsImage:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="JPEG", quality=80)
    n = next(_counter)
    image = NewsImage(
        title=title, caption=caption, credit=credit, alt_text=f"{title} (alt)"
    )
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"test-{n}.jpg")
    image.save()
    return image


def english_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="en")


def bangla_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="bn")


def make_section(
    parent=None, title="Economy", slug=None, *, in_nav=True
) -> SectionPage:
    parent = parent or english_home()
    section = SectionPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        show_in_menus=in_nav,
        locale=parent.locale,
    )
    parent.add_child(instance=section)
    section.save_revision().publish()
    return SectionPage.objects.get(pk=section.pk)


def make_author(name="Rahim Uddin", **kwargs) -> Author:
    return Author.objects.create(
        name=name, role=kwargs.pop("role", "Staff Correspondent"), **kwargs
    )


def make_agency(name="Reuters", **kwargs) -> Agency:
    kwargs.setdefault("url", "https://www.reuters.com/")
    return Agency.objects.create(name=name, **kwargs)


def make_article(
    section: SectionPage,
    title: str | None = None,
    *,
    publish=True,
    authors=(),
    agency=None,
    tags=(),
    image=True,
    kind=ArticleKind.NEWS,
    published_at: datetime | None = None,
    body=None,
    **fields,
) -> ArticlePage:
    n = next(_counter)
    title = title or f"Story number {n}"
    if image is True:
        image = make_image(f"Picture for {title}")
    article = ArticlePage(
        title=title,
        slug=fields.pop("slug", f"story-{n}"),
        standfirst=fields.pop("standfirst", f"The standfirst of {title}."),
        kind=kind,
        agency=agency,
        lead_image=image or None,
        dateline=fields.pop("dateline", "Dhaka"),
        locale=section.locale,
        display_published_at=published_at,
        live=publish,
        body=body
        if body is not None
        else [
            ("paragraph", "<p>First paragraph of the story.</p>"),
            ("subhead", "What happened next"),
            (
                "quote",
                {"text": "It was a day to remember.", "attribution": "A witness"},
            ),
            ("paragraph", "<p>Second paragraph with <b>bold</b> words.</p>"),
        ],
        **fields,
    )
    section.add_child(instance=article)
    for order, author in enumerate(authors):
        ArticleByline.objects.create(page=article, author=author, sort_order=order)
    if tags:
        article.tags.add(*tags)
        article.save()
    if publish:
        article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def now():
    return timezone.now()


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)
