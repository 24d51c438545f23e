"""Loading the demo newsroom: both editions, people, pictures and stories.

Safe to run again: everything is looked up before it is created, and stories
are only topped up to the number asked for.
"""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from masthead.editions.services import ensure_editions
from masthead.frontpage.models import HomePage, NewsroomSettings
from masthead.newsroom.models import (
    Agency,
    ArticleKind,
    ArticlePage,
    Author,
    SectionPage,
    StandardPage,
)

from . import bangla
from . import content as c
from .bangla import DemoWriter, ensure_tags, rich_text
from .images import draw_avatar, draw_wordmark, ensure_picture_pool, save_image
from .stories import (
    RUNNING_STORY,
    RUNNING_STORY_TAG,
    StoryMaker,
    make_running_story,
    plan_stories,
)

DEFAULT_ARTICLES = 320
DEFAULT_PICTURES = 48
BATCH_SIZE = 1000
# Up to this many new stories are announced as published (newsroom events), so
# the search and reference indexes are queued for them; above it, a load is a
# benchmark fixture and `masthead manage update_index` builds the index.
INDEX_LIMIT = 5000
PASSWORD_FILE = "demo_admin_password"  # noqa: S105 - a file name
ADMIN_USERNAME = "admin"


class DemoError(Exception):
    """Something the person running the demo can fix; the message says what."""


@dataclass
class Result:
    created: int = 0
    total: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


class Output:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def __call__(self, message: str = "") -> None:
        self.stream.write(message + "\n")
        if hasattr(self.stream, "flush"):
            self.stream.flush()


def validate_count(value) -> int:
    """The number of stories asked for, or DemoError saying what is wrong."""
    if isinstance(value, bool):
        value = str(value)
    try:
        count = int(str(value).strip())
    except (TypeError, ValueError):
        raise DemoError(
            f"--articles must be a whole number, e.g. --articles 320 (got {value!r})"
        ) from None
    if count < 1:
        raise DemoError(f"--articles must be at least 1 (got {count})")
    if count > 2_000_000:
        raise DemoError(f"--articles must be at most 2,000,000 (got {count})")
    return count


# -- the admin login ------------------------------------------------------------


def ensure_admin() -> tuple[str, str | None]:
    """The demo superuser and its password (None if someone else manages it)."""
    path = Path(settings.DATA_DIR) / PASSWORD_FILE
    saved = path.read_text().strip() if path.exists() else ""
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        password = saved or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            ADMIN_USERNAME, "admin@masthead.example", password
        )
        if not saved:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
        return ADMIN_USERNAME, password
    if saved and user.check_password(saved):
        return ADMIN_USERNAME, saved
    return ADMIN_USERNAME, None


def admin_url() -> str:
    base = settings.MASTHEAD_BASE_URL or (
        f"http://127.0.0.1:{settings.MASTHEAD_SERVE_PORT}"
    )
    return f"{base.rstrip('/')}/admin/"


# -- people, agencies, pictures ------------------------------------------------------


def ensure_authors() -> dict[str, Author]:
    authors = {}
    for number, (name, role, _beat, bio) in enumerate(c.AUTHORS):
        author = Author.objects.filter(name=name).first()
        if author is None:
            photo = save_image(
                f"Demo portrait: {name}",
                draw_avatar(name, number),
                f"demo-author-{number:02d}.jpg",
                caption=name,
                credit="Masthead illustration",
                alt=f"Initials of {name} on a coloured background",
            )
            first = name.split()[0].lower()
            author = Author.objects.create(
                name=name,
                role=role,
                bio=bio,
                photo=photo,
                email=f"{first}@masthead.example",
                x_handle=f"{first}_masthead",
            )
        authors[name] = author
    return authors


def ensure_agencies() -> list[Agency]:
    agencies = []
    for number, (name, slug, url) in enumerate(c.AGENCIES):
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            short = "".join(word[0] for word in name.split()).upper()
            logo = save_image(
                f"Demo logo: {name}",
                draw_wordmark(short, size=(360, 120), colours=c.PALETTES[number + 2]),
                f"demo-agency-{slug}.png",
                caption=name,
                credit=name,
                alt=f"{name} logo",
            )
            agency = Agency.objects.create(name=name, slug=slug, url=url, logo=logo)
        agencies.append(agency)
    return agencies


def english_tag_names() -> list[str]:
    names = list(c.SHARED_TAGS)
    for tags in c.BEAT_TAGS.values():
        names.extend(t for t in tags if t not in names)
    return names


# -- pages the normal way (few) -------------------------------------------------------


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def ensure_sections(home: HomePage) -> dict[str, tuple]:
    """Every section and subsection, in navigation order; by slug."""
    found: dict[str, tuple] = {}
    pages = {}
    for section, parent in c.all_sections():
        parent_page = pages[parent.slug] if parent else home
        page = SectionPage.objects.child_of(parent_page).filter(slug=section.slug)
        page = page.first()
        if page is None:
            parent_page = type(parent_page).objects.get(pk=parent_page.pk)
            page = publish_child(
                parent_page,
                SectionPage(
                    title=section.title,
                    slug=section.slug,
                    short_name=section.short_name,
                    intro=section.intro,
                    show_in_menus=True,
                    locale_id=home.locale_id,
                ),
            )
        pages[section.slug] = page
        found[section.slug] = (section, page)
    return found


def ensure_static_pages(home: HomePage) -> dict[str, StandardPage]:
    pages = {}
    for title, slug, contact, parts in c.STATIC_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            home = HomePage.objects.get(pk=home.pk)
            page = publish_child(
                home,
                StandardPage(
                    title=title,
                    slug=slug,
                    body=rich_text(parts),
                    show_contact_block=contact,
                    show_in_menus=False,
                    locale_id=home.locale_id,
                ),
            )
        pages[slug] = page
    return pages


def ensure_settings(site: Site, pages: dict[str, StandardPage]) -> NewsroomSettings:
    """Fill what is empty; never overwrite what an editor has set."""
    newsroom = NewsroomSettings.for_site(site)
    changed = False
    for name, value in c.SETTINGS.items():
        if not getattr(newsroom, name):
            setattr(newsroom, name, value)
            changed = True
    for attr, slug in [
        ("about_page", "about"),
        ("privacy_page", "privacy-policy"),
        ("comment_policy_page", "comment-policy"),
        ("contact_page", "contact-us"),
    ]:
        if getattr(newsroom, f"{attr}_id") is None and slug in pages:
            setattr(newsroom, attr, pages[slug])
            changed = True
    if newsroom.logo_id is None:
        newsroom.logo = save_image(
            "Demo logo: Masthead",
            draw_wordmark("Masthead"),
            "demo-masthead-logo.png",
            caption="Masthead",
            credit="Masthead",
            alt="Masthead",
        )
        changed = True
    if changed:
        newsroom.save()
    return newsroom


# -- search and references ------------------------------------------------------------


# -- curation -------------------------------------------------------------------------

DEMO_PICK_HOURS = 12


def ensure_top_story_picks(now) -> int:
    """Curated Top Stories for each edition that has none: its two newest
    stories not flagged as top stories, the first until later today, so the
    front shows picked and automatic slots side by side. Returns the number
    of picks made."""
    from masthead.frontpage.models import TopStories
    from masthead.frontpage.services import save_top_stories

    made = 0
    for home in HomePage.objects.live().exclude(
        pk__in=TopStories.objects.values("edition_id")
    ):
        stories = list(
            ArticlePage.objects.live()
            .filter(locale_id=home.locale_id, is_top_story=False, kind=ArticleKind.NEWS)
            .order_by("-published_at")[:2]
        )
        if not stories:
            continue
        until = [now + timedelta(hours=DEMO_PICK_HOURS), None]
        save_top_stories(edition=home, picks=list(zip(stories, until, strict=False)))
        made += len(stories)
    return made


# -- the whole thing -------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_purges():
    """Each section or author saved purges the page cache and logs it; the
    events of the last batches purge it anyway, without sixty lines of log."""
    purge_log = logging.getLogger("masthead.purge")
    level = purge_log.level
    purge_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        purge_log.setLevel(level)


def load_demo(*args, **kwargs) -> Result:
    with _quiet_purges():
        return _load_demo(*args, **kwargs)


def _load_demo(
    articles: int = DEFAULT_ARTICLES,
    *,
    pictures: int = DEFAULT_PICTURES,
    stdout=None,
    seed: int | None = None,
) -> Result:
    out = Output(stdout)
    count = validate_count(articles)
    started = time.monotonic()
    now = timezone.now()

    home = ensure_editions()
    username, password = ensure_admin()
    english = home.locale
    sections_present = SectionPage.objects.child_of(home).filter(slug="economy")
    existing = ArticlePage.objects.filter(locale=english).count()
    if sections_present.exists() and existing >= count and bangla.is_complete():
        out(f"Demo newsroom already loaded ({existing:,} English articles).")
        ensure_wire_drop()
        ensure_top_story_picks(now)  # a demo loaded before curation existed
        _print_login(out, username, password)
        return Result(total=existing)

    out(f"Loading the demo newsroom ({count:,} English articles) ...")
    pool = ensure_picture_pool(pictures)
    out(f"  pictures: {sum(len(v) for v in pool.values())}")
    authors = ensure_authors()
    agencies = ensure_agencies()
    out(f"  authors: {len(authors)}, agencies: {len(agencies)}")
    with transaction.atomic():
        sections = ensure_sections(home)
        pages = ensure_static_pages(home)
        ensure_settings(Site.objects.get(is_default_site=True), pages)
    out(f"  sections: {len(sections)}, static pages: {len(pages)}")
    tags = ensure_tags(english_tag_names() + [RUNNING_STORY_TAG])

    rng = random.Random(seed if seed is not None else 20_240_000 + existing)
    announce = max(0, count - existing) <= INDEX_LIMIT
    writer = DemoWriter(announce=announce)
    bangla_started = time.monotonic()
    loaded = bangla.ensure_bangla(sections, pool, writer, now)
    if loaded.stories or loaded.rewritten or loaded.english:
        out(
            f"  Bangla edition: {loaded.stories} stories, {loaded.rewritten} "
            f"rewritten, {loaded.english} English originals of translations "
            f"({time.monotonic() - bangla_started:.1f}s)"
        )

    # The English originals of the translated stories count among the
    # English articles asked for.
    total = existing + loaded.english
    todo = max(0, count - total)
    result = Result(created=loaded.english, total=total)
    new_ids: list[int] = []
    if todo:
        result = _write_stories(
            out,
            writer,
            rng,
            now,
            todo,
            existing,
            sections,
            authors,
            agencies,
            pool,
            tags,
            new_ids,
        )
        result.created += loaded.english
        result.total += loaded.english
    if new_ids and announce:
        out(f"  search index: queued for {len(new_ids):,} articles")
    elif new_ids:
        out(
            f"  search index: skipped for {len(new_ids):,} articles (more than "
            f"{INDEX_LIMIT:,}); run `masthead manage update_index` to build it"
        )

    if new_ids or loaded.stories or loaded.rewritten:
        compute_related_news(out)

    inbox = ensure_wire_drop()
    out(f"  wire drop folder: {inbox} (polled every minute; stories arrive as drafts)")
    picked = ensure_top_story_picks(now)
    if picked:
        out(f"  top stories: {picked} curated picks (admin: Top Stories)")

    if not announce:
        from masthead.core.events import SiteChanged, emit

        emit(SiteChanged(what="demo load"))  # purges the page cache
    out(
        f"Done in {time.monotonic() - started:.1f}s: {result.total:,} English "
        f"articles, {ArticlePage.objects.filter(locale__language_code='bn').count()}"
        " Bangla."
    )
    _print_login(out, username, password)
    return result


def ensure_wire_drop() -> Path:
    """A wire source on a folder under the data dir: drop ninjs, NewsML, RSS
    or Atom files there and they arrive as drafts within a minute."""
    from masthead.wire.models import WireSource

    inbox = Path(settings.DATA_DIR) / "wire" / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    WireSource.objects.get_or_create(
        location=str(inbox),
        defaults={"name": "Demo wire drop folder", "poll_interval": 60},
    )
    return inbox


def _write_stories(
    out,
    writer,
    rng,
    now,
    todo,
    existing,
    sections,
    authors,
    agencies,
    pool,
    tags,
    new_ids,
) -> Result:
    maker = StoryMaker(
        rng,
        sections=sections,
        authors=authors,
        agencies=agencies,
        pictures=pool,
        tags=tags,
        now=now,
    )
    plans = plan_stories(rng, todo, now, cover_all=existing == 0)
    started = time.monotonic()
    done = 0
    running = existing == 0 and todo >= RUNNING_STORY_AFTER
    for start in range(0, len(plans), BATCH_SIZE):
        batch = plans[start : start + BATCH_SIZE]
        specs = [maker.make(plan) for plan in batch]
        if running and start == 0:
            _file_running_story(plans, batch, specs, sections, tags, now)
        ids = writer.write(specs)
        for plan, spec, page_id in zip(batch, specs, ids, strict=True):
            maker.remember(plan.section, page_id, spec.title)
        new_ids.extend(ids)
        done += len(batch)
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed else 0.0
        eta = (todo - done) / rate if rate else 0.0
        out(
            f"  articles: {done:,}/{todo:,}  {rate:,.0f}/s  "
            f"ETA {timedelta(seconds=round(eta))}"
        )
    elapsed = time.monotonic() - started
    return Result(created=done, total=existing + done, seconds=elapsed)


# A newsroom this small has no room for a running story among its sections.
RUNNING_STORY_AFTER = 40


def _file_running_story(plans, batch, specs, sections, tags, now) -> None:
    """Make the running story of stories from sections that have others, so
    every section keeps one (the random draws stay as they were)."""
    left = Counter(plan.section for plan in plans)
    chosen = []
    for plan, spec in zip(batch, specs, strict=True):
        if left[plan.section] > 1 and len(chosen) < len(RUNNING_STORY):
            left[plan.section] -= 1
            chosen.append(spec)
    slug = "bangladesh" if "bangladesh" in sections else next(iter(sections))
    make_running_story(chosen, sections[slug][1], tags, now)


# The newest stories of each edition get their Related News computed as the
# subscriber would on publish; older ones rank it as they are read.
RELATED_ON_LOAD = 500


def compute_related_news(out) -> int:
    from masthead.newsroom.related import refresh

    newest = []
    for locale_id in (
        ArticlePage.objects.order_by().values_list("locale_id", flat=True).distinct()
    ):
        newest += list(
            ArticlePage.objects.live()
            .filter(locale_id=locale_id)
            .order_by("-published_at")
            .values_list("pk", flat=True)[:RELATED_ON_LOAD]
        )
    started = time.monotonic()
    done = refresh(newest, neighbours=False).stories
    out(f"  related news: {done:,} stories in {time.monotonic() - started:.1f}s")
    return done


def _print_login(out, username, password) -> None:
    if password:
        out(f"Admin login: {admin_url()}  user: {username}  password: {password}")
    else:
        out(
            f"Admin login: {admin_url()}  user: {username}  (password set outside "
            f"the demo; `masthead manage changepassword {username}` to reset it)"
        )
