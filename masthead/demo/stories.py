"""Turning the vocabulary in `content` into article specs."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from masthead.newsroom.bulk import ArticleSpec
from masthead.newsroom.models import ArticleKind

from . import content as c

TOP_STORY_SECTIONS = {
    "bangladesh",
    "politics",
    "crime",
    "economy",
    "banking",
    "industry",
    "stocks",
    "world-biz",
    "sports",
}
TOP_STORIES_PER_RUN = 8
RECENT_SHARE = 0.3  # of the stories: published in the last 48 hours
MODIFIED_SHARE = 0.12  # of the stories: updated after publication


def block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


@dataclass
class Plan:
    section: str  # slug
    published_at: datetime
    is_top_story: bool = False


def plan_stories(
    rng: random.Random, count: int, now: datetime, *, cover_all=True
) -> list[Plan]:
    """Which section and when, for `count` stories: every section gets one when
    there are enough stories, then by weight; 30% in the last 48 hours, the rest
    over the 28 days before; the most recent hard news are the top stories."""
    sections = [section for section, _parent in c.all_sections()]
    slugs = [s.slug for s in sections]
    chosen: list[str] = []
    if cover_all and count >= len(slugs):
        chosen = list(slugs)
    chosen += rng.choices(slugs, weights=[s.weight for s in sections], k=count)[
        : count - len(chosen)
    ]
    rng.shuffle(chosen)
    plans = []
    for slug in chosen:
        if rng.random() < RECENT_SHARE:
            age = rng.uniform(120, 48 * 3600)
        else:
            age = rng.uniform(48 * 3600, 30 * 24 * 3600 - 600)
        plans.append(Plan(slug, now - timedelta(seconds=age)))
    candidates = sorted(
        (p for p in plans if p.section in TOP_STORY_SECTIONS),
        key=lambda p: p.published_at,
        reverse=True,
    )
    for plan in candidates[:TOP_STORIES_PER_RUN]:
        plan.is_top_story = True
    return plans


class StoryMaker:
    """Writes one English story at a time for a given plan."""

    def __init__(
        self,
        rng: random.Random,
        *,
        sections: dict,  # slug -> (Section, SectionPage)
        authors: dict,  # name -> Author
        agencies: list,
        pictures: dict,  # beat -> [NewsImage]
        tags: dict,  # name -> tag id
        now: datetime,
    ):
        self.rng = rng
        self.sections = sections
        self.authors = list(authors.values())
        self.authors_by_beat: dict[str, list] = {}
        for name, _role, beat, _bio in c.AUTHORS:
            self.authors_by_beat.setdefault(beat, []).append(authors[name])
        self.agencies = agencies
        self.pictures = pictures
        self.tags = tags
        self.now = now
        self.recent_by_section: dict[str, list[tuple[int, str]]] = {}
        self._titles: set[str] = set()

    def remember(self, section: str, page_id: int, title: str) -> None:
        recent = self.recent_by_section.setdefault(section, [])
        recent.append((page_id, title))
        if len(recent) > 20:
            del recent[:-20]

    # -- pieces ---------------------------------------------------------------

    def _pictures_for(self, beat: str):
        beat = beat if beat in self.pictures else c.IMAGE_BEAT_FALLBACK.get(beat)
        return (
            self.pictures.get(beat)
            or self.pictures.get("general")
            or [image for images in self.pictures.values() for image in images]
        )

    def _headline(self, beat: str, slots: c.Slots) -> str:
        templates = c.BEATS[beat]["headlines"]
        title = ""
        for _attempt in range(4):
            candidate = fill(self.rng.choice(templates), slots)
            title = candidate[0].upper() + candidate[1:]
            if title not in self._titles:
                break
            slots.clear()
        if len(self._titles) < 20000:
            self._titles.add(title)
        return title

    def _sentences(self, beat: str, slots: c.Slots, count: int, used: set) -> str:
        """`count` sentences not yet used in this story (while any are left)."""
        own = c.BEAT_SENTENCES.get(beat, [])
        out = []
        for _ in range(count):
            pool = own if own and self.rng.random() < 0.45 else c.GENERIC_SENTENCES
            fresh = [t for t in pool if t not in used] or [
                t for t in c.GENERIC_SENTENCES if t not in used
            ]
            if not fresh:
                break
            template = self.rng.choice(fresh)
            used.add(template)
            out.append(fill(template, slots))
        return " ".join(out)

    def _paragraph(self, beat, slots, count=None) -> dict:
        used = slots.setdefault("_used", set())
        text = self._sentences(beat, slots, count or self.rng.randint(2, 3), used)
        if not text:
            text = fill(self.rng.choice(c.GENERIC_SENTENCES), slots)
        return block("paragraph", f"<p>{escape(text, quote=False)}</p>")

    def _byline(self, beat: str, section_slug: str):
        """(author ids, agency id, free-text byline)."""
        rng = self.rng
        own = self.authors_by_beat.get(beat, [])

        def one():
            return (
                rng.choice(own)
                if own and rng.random() < 0.7
                else rng.choice(self.authors)
            )

        if beat in {
            "opinion",
            "analysis",
            "interview",
            "longread",
            "video",
            "infograph",
        }:
            return [one().pk], None, ""
        agency_share = 0.55 if beat in {"world", "stocks"} else 0.15
        roll = rng.random()
        if roll < agency_share:
            return [], rng.choice(self.agencies).pk, ""
        roll = rng.random()
        if roll < 0.62:
            return [one().pk], None, ""
        if roll < 0.80:
            first = one()
            second = rng.choice([a for a in self.authors if a.pk != first.pk])
            return [first.pk, second.pk], None, ""
        if roll < 0.92:
            return [], None, rng.choice(["Masthead Report", "Staff Correspondent"])
        return [one().pk], rng.choice(self.agencies).pk, ""

    def _body(self, beat, slots, section_slug, images) -> list[dict]:
        """5-12 blocks: paragraphs, subheads, quotes, now and then a picture
        and a box of links to earlier stories in the section."""
        rng = self.rng
        size = rng.randint(5, 12)
        recent = self.recent_by_section.get(section_slug, [])
        with_links = bool(recent) and rng.random() < 0.3
        room = size - 1 if with_links else size
        blocks = [self._paragraph(beat, slots, 3)]
        with_image = rng.random() < 0.35
        while len(blocks) < room:
            roll = rng.random()
            previous = blocks[-1]["type"]
            if roll < 0.14 and previous != "subhead" and len(blocks) <= room - 2:
                blocks.append(block("subhead", rng.choice(c.SUBHEADS)))
                blocks.append(self._paragraph(beat, slots))
            elif roll < 0.28 and previous == "paragraph" and len(blocks) < room - 1:
                attribution = fill(rng.choice(c.QUOTE_ROLES), slots)
                blocks.append(
                    block(
                        "quote",
                        {
                            "text": rng.choice(c.QUOTES),
                            "attribution": attribution[:1].upper() + attribution[1:],
                        },
                    )
                )
            elif (
                with_image
                and images
                and previous == "paragraph"
                and len(blocks) < room - 1
            ):
                image = rng.choice(images)
                blocks.append(
                    block("image", {"image": image.pk, "caption": "", "credit": ""})
                )
                with_image = False
            else:
                blocks.append(self._paragraph(beat, slots))
        if with_links:
            picks = rng.sample(recent, k=min(len(recent), rng.randint(1, 3)))
            blocks.append(
                block(
                    "related_links",
                    {
                        "heading": "Read more",
                        "links": [
                            block("item", {"page": pid, "url": "", "title": ""})
                            for pid, _title in picks
                        ],
                    },
                )
            )
        return blocks

    # -- the story ---------------------------------------------------------------

    def make(self, plan: Plan) -> ArticleSpec:
        rng = self.rng
        section, page = self.sections[plan.section]
        beat = section.beat
        slots = c.Slots(rng)
        title = self._headline(beat, slots)
        standfirst = fill(rng.choice(c.BEATS[beat]["standfirsts"]), slots)
        author_ids, agency_id, byline_text = self._byline(beat, plan.section)
        images = self._pictures_for(beat)
        lead = rng.choice(images) if images and rng.random() < 0.95 else None
        if beat in c.DATELINE_WORLD:
            dateline = rng.choice(c.WORDS["world_city"])
        else:
            dateline = slots.get("city") or rng.choice(["Dhaka"] * 4 + c.WORDS["city"])
        modified = None
        if rng.random() < MODIFIED_SHARE:
            modified = min(
                plan.published_at + timedelta(minutes=rng.randint(20, 600)),
                self.now,
            )
        kicker_choices = c.KICKERS.get(beat)
        tag_names = c.pick_tags(rng, beat)
        return ArticleSpec(
            parent=page,
            title=title,
            published_at=plan.published_at,
            modified_at=modified,
            kicker=rng.choice(kicker_choices)
            if kicker_choices and rng.random() < 0.5
            else "",
            standfirst=standfirst,
            kind=section.kind if section.kind else ArticleKind.NEWS,
            agency_id=agency_id,
            byline_text=byline_text,
            dateline=dateline,
            lead_image_id=lead.pk if lead else None,
            body=self._body(beat, slots, plan.section, images),
            is_top_story=plan.is_top_story,
            author_ids=author_ids,
            tag_ids=[self.tags[name] for name in tag_names],
        )


def fill(template: str, slots: c.Slots) -> str:
    return template.format_map(slots)


# A running story: six reports over four days sharing one rare, specific tag
# (and common ones), so Related News shows a story's siblings first.
RUNNING_STORY_TAG = "Padma toll row"
RUNNING_STORY_COMMON_TAGS = ["Roads and transport", "Dhaka"]
RUNNING_STORY = [
    (
        96,
        "Padma bridge toll to rise by a quarter from next month",
        "The bridge authority says the higher toll will repay the loan faster.",
    ),
    (
        70,
        "Truckers threaten strike over Padma bridge toll rise",
        "Transport owners say the new toll will push up freight charges.",
    ),
    (
        50,
        "Bus fares on southern routes go up after Padma toll rise",
        "Passengers at Sayedabad found tickets dearer on Friday morning.",
    ),
    (
        30,
        "Padma toll row reaches parliament as opposition walks out",
        "Lawmakers demanded the toll rise be put on hold until the budget.",
    ),
    (
        12,
        "Government and truckers talk through the night on Padma toll",
        "Both sides said after midnight that the talks would resume today.",
    ),
    (
        3,
        "Padma toll rise halved after talks; truckers call off strike",
        "The bridge authority will review the toll again in six months.",
    ),
]


def make_running_story(specs: list, page, tags: dict, now: datetime) -> None:
    """Turn the first of `specs` into the running story's reports, filed
    under `page` (the rest of each spec, and the random draws that made it,
    stay as they were)."""
    for spec, (hours, title, standfirst) in zip(specs, RUNNING_STORY, strict=False):
        spec.parent = page
        spec.published_at = now - timedelta(hours=hours)
        spec.modified_at = None
        spec.title, spec.standfirst, spec.kicker = title, standfirst, ""
        spec.kind = ArticleKind.NEWS
        paragraph = escape(
            f"{standfirst} The Padma bridge toll has been argued over by the "
            "bridge authority, transport owners and truckers all week.",
            quote=False,
        )
        body = [b for b in spec.body if b["type"] != "related_links"]
        spec.body = [block("paragraph", f"<p>{paragraph}</p>"), *body]
        spec.tag_ids = [
            tags[name] for name in [RUNNING_STORY_TAG, *RUNNING_STORY_COMMON_TAGS]
        ]
