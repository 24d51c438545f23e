"""Loading the Bangla edition of the demo from `content_bn`.

Sections, static pages and six stories are Wagtail translations of their
English counterparts (same translation key), so the language switch and the
hreflang alternates have real pairs; the edition's own stories are written in
bulk like the English ones. Safe to run again: everything is looked up (by
translation key or headline) before it is created, and a story the earlier
demo made from generic paragraphs is rewritten in place, keeping its address
and publish time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from django.db import transaction
from taggit.models import Tag
from wagtail.models import Locale, Page

from masthead.frontpage.models import HomePage
from masthead.newsroom.bulk import ArticleSpec, ArticleWriter
from masthead.newsroom.models import (
    ArticleByline,
    ArticleKind,
    ArticlePage,
    Author,
    SectionPage,
    StandardPage,
)

from . import content_bn as bn
from .images import draw_avatar, draw_picture, save_image
from .stories import TOP_STORY_SECTIONS, block

PICTURE_PREFIX = "Demo picture (bn)"
PICTURES_PER_SECTION = 2
PICTURE_CREDIT = "অলংকরণ: মাস্টহেড"
# Words drawn on a section's pictures (the drawing font has Latin letters only).
PICTURE_LABELS = {
    "bangladesh": "BANGLADESH",
    "politics": "POLITICS",
    "crime": "CRIME",
    "economy": "ECONOMY",
    "world-biz": "WORLD",
    "sports": "SPORTS",
    "splash": "SPLASH",
    "thoughts": "OPINION",
    "tech": "TECH",
    "covid-19": "HEALTH",
    "features": "LIFESTYLE",
}
TOP_STORIES = 4  # the newest hard news of the edition's own stories
SPAN_HOURS = 238  # the edition's own stories: over the last ten days


@dataclass
class CaptionedSpec(ArticleSpec):
    """An article spec with its own lead picture caption."""

    lead_image_caption: str = ""


class DemoWriter(ArticleWriter):
    """The bulk writer, keeping a spec's lead picture caption if it has one."""

    def build(self, spec: ArticleSpec) -> ArticlePage:
        page = super().build(spec)
        page.lead_image_caption = getattr(spec, "lead_image_caption", "")
        return page


@dataclass
class Loaded:
    stories: int = 0  # Bangla stories created
    rewritten: int = 0  # stories of the earlier demo brought up to date
    english: int = 0  # English originals of the translated stories created


def rich_text(parts) -> str:
    html = []
    for tag, value in parts:
        if tag == "ul":
            items = "".join(f"<li>{item}</li>" for item in value)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<{tag}>{value}</{tag}>")
    return "".join(html)


def bangla_locale() -> Locale | None:
    return Locale.objects.filter(language_code="bn").first()


def is_complete() -> bool:
    """Whether the Bangla edition holds every demo story and static page and
    no story of the earlier demo waits to be rewritten (a few queries)."""
    locale = bangla_locale()
    if locale is None or not HomePage.objects.filter(locale=locale).exists():
        return True  # no Bangla edition to fill
    titles = set(
        ArticlePage.objects.filter(locale=locale).values_list("title", flat=True)
    )
    if not {story.headline for story in bn.all_stories()} <= titles:
        return False
    if StandardPage.objects.filter(locale=locale).count() < len(bn.STATIC_PAGES):
        return False
    return not _legacy_pages(locale)


# -- helpers ---------------------------------------------------------------------


def _publish_translation(page, at=None):
    """Publish a page made by copy_for_translation; back-date it to `at`."""
    page.save()
    page.save_revision().publish()
    if at is not None:
        Page.objects.filter(pk=page.pk).update(
            first_published_at=at, last_published_at=at
        )
    return type(page).objects.get(pk=page.pk)


def ensure_sections(locale, sections) -> dict[str, SectionPage]:
    """The Bangla sections, translations of the English ones, parents first."""
    found = {}
    for slug, title in bn.SECTIONS:
        english = sections[slug][1]
        page = SectionPage.objects.filter(
            translation_key=english.translation_key, locale=locale
        ).first()
        if page is None:
            page = english.copy_for_translation(locale)
            page.title = page.draft_title = title
            page.short_name, page.intro = "", bn.SECTION_INTROS.get(slug, "")
            page.show_in_menus = True
            page = _publish_translation(page)
        found[slug] = page
    return found


def ensure_static_pages(locale, english_home) -> dict[str, StandardPage]:
    """About, privacy, comment policy and contact, translated."""
    found = {}
    for slug, (title, parts) in bn.STATIC_PAGES.items():
        english = StandardPage.objects.child_of(english_home).filter(slug=slug).first()
        if english is None:
            continue
        page = StandardPage.objects.filter(
            translation_key=english.translation_key, locale=locale
        ).first()
        if page is None:
            page = english.copy_for_translation(locale)
            page.title = page.draft_title = title
            page.body = rich_text(parts)
            page = _publish_translation(page)
        found[slug] = page
    return found


def ensure_authors() -> dict[str, Author]:
    """The Bangla bylines, as author profiles like the English ones."""
    from .content import AUTHORS as ENGLISH_AUTHORS

    authors = {}
    for number, (slug, name, initials, role, bio, handle) in enumerate(bn.AUTHORS):
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            photo = save_image(
                f"Demo portrait: {name}",
                draw_avatar(" ".join(initials), len(ENGLISH_AUTHORS) + number),
                f"demo-author-bn-{number:02d}.jpg",
                caption=name,
                credit="মাস্টহেড অলংকরণ",
                alt=f"রঙিন পটভূমিতে {name}-এর নামের আদ্যক্ষর",
            )
            author = Author.objects.create(
                name=name,
                slug=slug,
                role=role,
                bio=bio,
                photo=photo,
                email=f"{handle}@masthead.example",
                x_handle=f"{handle}_masthead",
            )
        authors[slug] = author
    return authors


def ensure_pictures() -> dict[str, list]:
    """A few pictures per Bangla section, with Bangla captions and alt text."""
    from masthead.multimedia.models import NewsImage

    existing = {
        image.title: image
        for image in NewsImage.objects.filter(title__startswith=PICTURE_PREFIX)
    }
    titles = dict(bn.SECTIONS)
    pictures: dict[str, list] = {}
    number = 200  # away from the English pool's numbers: other shapes, colours
    for slug, label in PICTURE_LABELS.items():
        for index in range(PICTURES_PER_SECTION):
            number += 1
            title = f"{PICTURE_PREFIX} {slug} {index + 1}"
            image = existing.get(title)
            if image is None:
                data, _alt = draw_picture(number, label)
                image = save_image(
                    title,
                    data,
                    f"demo-bn-{slug}-{index + 1}.jpg",
                    caption=f"{titles[slug]}: মাস্টহেডের ডেমো অলংকরণ",
                    credit=PICTURE_CREDIT,
                    alt=(f"রঙিন বিমূর্ত অলংকরণ, তার ওপর ইংরেজিতে বড় করে লেখা ‘{label}’"),
                )
            pictures.setdefault(slug, []).append(image)
    return pictures


def ensure_tags(names) -> dict[str, int]:
    ids = {}
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = bn.TAG_SLUGS.get(name)
            tag = Tag(name=name, slug=slug) if slug else Tag(name=name)
            tag.save()
        ids[name] = tag.pk
    return ids


def body_blocks(story) -> list[dict]:
    """Paragraphs, with the quote (if any) after the second."""
    blocks = [
        block("paragraph", f"<p>{escape(text, quote=False)}</p>")
        for text in story.paragraphs
    ]
    if story.quote:
        words, who = story.quote
        blocks.insert(2, block("quote", {"text": words, "attribution": who}))
    return blocks


def hours_ago(position: int, count: int) -> float:
    """Where the story at `position` falls in the last ten days: positions are
    shuffled by a stride so sections mix, and bunched towards now so today
    has several stories."""
    stride = next(s for s in (23, 29, 31, 37, 41) if math.gcd(s, count) == 1)
    rank = (position * stride) % count
    return 0.25 + SPAN_HOURS * (rank / count) ** 1.4


def _kind(sections, slug) -> str:
    return sections[slug][0].kind or ArticleKind.NEWS


def _picture(pictures, slug, number):
    group = pictures.get(slug) or [p for g in pictures.values() for p in g]
    return group[number % len(group)] if group else None


def _legacy_pages(locale) -> list[ArticlePage]:
    """Stories of the earlier demo still carrying its generic paragraphs and
    never edited since (one revision, the published one)."""
    headlines = {story.headline for story in bn.STORIES}
    pages = []
    for page in ArticlePage.objects.filter(
        locale=locale, title__in=headlines, slug__startswith="sangbad-"
    ):
        raw = json.dumps(list(page.body.raw_data), ensure_ascii=False)
        if page.latest_revision_id == page.live_revision_id and any(
            text in raw for text in bn.LEGACY_PARAGRAPHS
        ):
            pages.append(page)
    return pages


# -- the edition -----------------------------------------------------------------


def ensure_bangla(sections, english_pictures, writer: ArticleWriter, now) -> Loaded:
    """Everything of the Bangla edition that is missing. `sections` are the
    English ones (slug -> (Section, SectionPage))."""
    loaded = Loaded()
    locale = bangla_locale()
    home = HomePage.objects.filter(locale=locale).first() if locale else None
    if home is None:
        return loaded
    english_home = sections["bangladesh"][1].get_parent().specific
    with transaction.atomic():
        bn_sections = ensure_sections(locale, sections)
        ensure_static_pages(locale, english_home)
    authors = ensure_authors()
    pictures = ensure_pictures()
    tag_ids = ensure_tags({tag for story in bn.all_stories() for tag in story.tags})
    loaded.stories += _write_own_stories(
        locale, bn_sections, sections, authors, pictures, tag_ids, writer, now
    )
    loaded.rewritten = _rewrite_legacy(locale, sections, authors, pictures, tag_ids)
    english, bangla = _ensure_translated(
        locale, sections, english_pictures, authors, pictures, tag_ids, writer, now
    )
    loaded.english += english
    loaded.stories += bangla
    return loaded


def _spec(story, parent, kind, authors, picture, tag_ids, published, top=False):
    return CaptionedSpec(
        parent=parent,
        title=story.headline,
        published_at=published,
        standfirst=story.standfirst,
        kind=kind,
        dateline=story.dateline,
        lead_image_id=picture.pk if picture else None,
        lead_image_caption=story.caption,
        body=body_blocks(story),
        is_top_story=top,
        author_ids=[authors[story.author].pk],
        tag_ids=[tag_ids[name] for name in story.tags],
    )


def _write_own_stories(
    locale, bn_sections, sections, authors, pictures, tag_ids, writer, now
) -> int:
    existing = set(
        ArticlePage.objects.filter(locale=locale).values_list("title", flat=True)
    )
    count = len(bn.STORIES)
    ages = {story.headline: hours_ago(n, count) for n, story in enumerate(bn.STORIES)}
    top = {
        story.headline
        for story in sorted(
            (
                s
                for s in bn.STORIES
                if s.section in TOP_STORY_SECTIONS
                and _kind(sections, s.section) == ArticleKind.NEWS
            ),
            key=lambda s: ages[s.headline],
        )[1 : TOP_STORIES + 1]  # the very newest stays free for a curated pick
    }
    specs = [
        _spec(
            story,
            bn_sections[story.section],
            _kind(sections, story.section),
            authors,
            _picture(pictures, story.section, number),
            tag_ids,
            now - timedelta(hours=ages[story.headline]),
            top=story.headline in top,
        )
        for number, story in enumerate(bn.STORIES)
        if story.headline not in existing
    ]
    writer.write(specs)
    return len(specs)


def _apply(page, story, kind, authors, picture, tag_ids) -> None:
    """Put `story` into an existing page object (not saved)."""
    page.title = page.draft_title = story.headline
    page.standfirst = story.standfirst
    page.kind = kind
    page.dateline = story.dateline
    page.byline_text = ""
    page.agency = None
    page.lead_image = picture
    page.lead_image_caption = story.caption
    page.lead_image_credit = ""
    page.body = body_blocks(story)
    # Keep the row a translation copied from the English story (its reference
    # index task is queued already and would fail on a deleted row).
    byline = next(iter(page.bylines.all()), None) or ArticleByline()
    byline.author, byline.sort_order = authors[story.author], 0
    page.bylines = [byline]
    page.tags.set(Tag.objects.filter(pk__in=[tag_ids[n] for n in story.tags]))


def _rewrite_legacy(locale, sections, authors, pictures, tag_ids) -> int:
    stories = {story.headline: story for story in bn.STORIES}
    numbers = {story.headline: n for n, story in enumerate(bn.STORIES)}
    pages = _legacy_pages(locale)
    for page in pages:
        story = stories[page.title]
        _apply(
            page,
            story,
            _kind(sections, story.section),
            authors,
            _picture(pictures, story.section, numbers[story.headline]),
            tag_ids,
        )
        page.save_revision().publish()
    return len(pages)


def _ensure_translated(
    locale, sections, english_pictures, authors, pictures, tag_ids, writer, now
) -> tuple[int, int]:
    """The English originals (bulk, like any English story) and their Bangla
    translations (Wagtail's copy_for_translation). Returns how many of each
    were created."""
    from .content import AUTHORS, IMAGE_BEAT_FALLBACK

    english_locale = sections["bangladesh"][1].locale_id
    english_authors = {
        a.name: a for a in Author.objects.filter(name__in=[a[0] for a in AUTHORS])
    }
    wanted_tags = {t for item in bn.TRANSLATED for t in item.english.tags}
    english_tags = dict(
        Tag.objects.filter(name__in=wanted_tags).values_list("name", "pk")
    )
    originals = {
        page.title: page
        for page in ArticlePage.objects.filter(
            locale_id=english_locale,
            title__in=[item.english.headline for item in bn.TRANSLATED],
        )
    }
    specs = []
    for number, item in enumerate(bn.TRANSLATED):
        story = item.english
        if story.headline in originals:
            continue
        section, parent = sections[story.section]
        beat = section.beat
        group = (
            english_pictures.get(beat)
            or english_pictures.get(IMAGE_BEAT_FALLBACK.get(beat, ""))
            or [p for g in english_pictures.values() for p in g]
        )
        author = english_authors.get(story.author)
        specs.append(
            ArticleSpec(
                parent=parent,
                title=story.headline,
                published_at=now - timedelta(hours=item.hours_ago),
                standfirst=story.standfirst,
                kind=section.kind or ArticleKind.NEWS,
                dateline=story.dateline,
                lead_image_id=group[number % len(group)].pk if group else None,
                body=body_blocks(story),
                author_ids=[author.pk] if author else [],
                byline_text="" if author else "Staff Correspondent",
                tag_ids=[english_tags[t] for t in story.tags if t in english_tags],
            )
        )
    for page_id in writer.write(specs):
        page = ArticlePage.objects.get(pk=page_id)
        originals[page.title] = page

    made = 0
    for number, item in enumerate(bn.TRANSLATED):
        english = originals[item.english.headline]
        if ArticlePage.objects.filter(
            translation_key=english.translation_key, locale=locale
        ).exists():
            continue
        story = item.bangla
        page = english.copy_for_translation(locale)
        _apply(
            page,
            story,
            english.kind,
            authors,
            _picture(pictures, story.section, number + 1),
            tag_ids,
        )
        page.is_top_story = False
        at = (english.published_at or now) + timedelta(minutes=25)
        page.display_published_at = page.published_at = at
        page.display_modified_at = None
        _publish_translation(page, at=at)
        made += 1
    return len(specs), made
