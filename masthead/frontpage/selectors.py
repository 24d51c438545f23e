"""Reads for the front page, the edition's rails and the chrome of every page.

Story, section and listing pages read through masthead.newsroom.selectors. Each
selector owns its `select_related`/`prefetch_related`, ordering and limit,
so a page render costs a bounded number of queries however many articles the
newsroom has (pinned in tests/frontpage/test_query_counts.py).
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from masthead.audience import rankings as audience
from masthead.core import purge, surrogate
from masthead.core.memo import versioned
from masthead.core.middleware import request_is_anonymous
from masthead.core.purge import key_version
from masthead.newsroom.models import ArticleKind, SectionPage
from masthead.newsroom.selectors import (
    RAIL_NAMES,
    RAIL_SIZE,
    InvalidPage,
    attach_sections,
    finish,
    paginate,
    published_articles,
    reader_visible,
)

from . import site_data
from .models import HomePage, TopStories, TopStoryPick

PRIMARY_NAV_SIZE = 8
SECTION_BLOCKS = 6
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 12


# -- rails ------------------------------------------------------------------


def top_story_picks(edition) -> tuple[tuple[int, datetime | None], ...]:
    """The edition's curated picks in order, (story id, expiry or None),
    kept until the edition's next purge (a save of its Top Stories, a pick
    expiring, a story of the edition published or taken off), so a render
    reads them from memory."""
    edition_id = getattr(edition, "pk", None)
    if edition_id is None:
        return ()
    return versioned(
        f"top-picks:{edition_id}",
        lambda: tuple(
            TopStoryPick.objects.filter(lineup__edition_id=edition_id)
            .order_by("sort_order", "pk")
            .values_list("story_id", "expires_at")
        ),
        purge_key=surrogate.edition(edition_id),
    )


def top_stories(edition, limit: int = RAIL_SIZE, exclude=()):
    """The edition's Top Stories: its live, unexpired picks in the editors'
    order, then the newest stories flagged as top stories. One query: the
    picks sort first (a story of another edition, not live or restricted is
    not among the rows at all).

    Each story says how it got its slot: `picked_until` (picks; None when
    the pick does not expire) is set only on picks, `is_picked` on all."""
    now = timezone.now()
    picks = {
        story_id: until
        for story_id, until in top_story_picks(edition)
        if (until is None or until > now) and story_id not in exclude
    }
    stories = published_articles(edition).exclude(pk__in=exclude)
    if picks:
        rank = Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(picks)],
            default=Value(len(picks)),
            output_field=IntegerField(),
        )
        stories = (
            stories.filter(Q(is_top_story=True) | Q(pk__in=list(picks)))
            .alias(pick_rank=rank)
            .order_by("pick_rank", "-published_at", "-pk")
        )
    else:
        stories = stories.filter(is_top_story=True)
    found = list(stories[:limit])
    for story in found:
        story.is_picked = story.pk in picks
        if story.is_picked:
            story.picked_until = picks[story.pk]
    return found


def latest(edition, limit: int = RAIL_SIZE, exclude=()):
    return list(published_articles(edition).exclude(pk__in=exclude)[:limit])


def most_viewed(edition, limit: int = RAIL_SIZE):
    """The edition's most viewed stories of the last 24 hours (counted from
    the article pages' beacons, masthead.audience); while no story has the
    minimum views, the last two days' news stands in."""
    ranked = audience.ranked_articles(audience.VIEWS, edition=edition, limit=limit)
    if ranked:
        return ranked
    since = timezone.now() - timedelta(hours=48)
    return list(
        published_articles(edition)
        .filter(published_at__gte=since, kind=ArticleKind.NEWS)
        .order_by("-is_top_story", "-published_at")[:limit]
    )


def most_read(edition, limit: int = RAIL_SIZE):
    """The edition's most read stories of the last 7 days (engaged reads,
    masthead.audience); while no story has the minimum reads, recent
    long-form pieces stand in."""
    ranked = audience.ranked_articles(audience.READS, edition=edition, limit=limit)
    if ranked:
        return ranked
    return list(
        published_articles(edition).filter(
            kind__in=[
                ArticleKind.ANALYSIS,
                ArticleKind.FEATURE,
                ArticleKind.LONG_READ,
                ArticleKind.INTERVIEW,
                ArticleKind.OPINION,
            ]
        )[:limit]
    )


def features(edition, limit: int = 4):
    return list(published_articles(edition).filter(kind=ArticleKind.FEATURE)[:limit])


def videos(edition, limit: int = 4):
    return list(published_articles(edition).filter(kind=ArticleKind.VIDEO)[:limit])


# -- chrome shared by every page ---------------------------------------------

FOOTER_ROLES = ("about", "privacy", "comment_policy", "contact")


def edition_now(edition: HomePage | None) -> datetime:
    zone = ZoneInfo(edition.time_zone if edition else settings.TIME_ZONE)
    return datetime.now(tz=zone)


def other_editions(edition: HomePage | None) -> list[HomePage]:
    """The other language editions of the same newsroom, for the header link."""
    if edition is None:
        return []
    return [
        other
        for other in site_data.live_editions()
        if other.translation_key == edition.translation_key and other.pk != edition.pk
    ]


CHROME_FRAGMENT_SECONDS = 3600


def kept_for(version: str, seconds: int) -> int:
    """How long a fragment under purge `version` is kept in each worker's
    memory (the `fragments` cache): not at all while purges cannot be read
    (Redis down), when one could be missed."""
    return 0 if version == purge.UNAVAILABLE else seconds


def chrome(page, request) -> dict:
    """Header and footer data. Everything comes from the cache (site_data);
    `fragment_key` names the rendered header and footer, which
    base.html keeps in the cache (`{% cache %}`) until the next purge of
    everything or the edition's next day."""
    edition = HomePage.for_request(request)
    site = Site.find_for_request(request)
    newsroom = site_data.newsroom(site)
    nav = site_data.nav_sections(edition)
    footer_ids = newsroom["footer_ids"]
    footer_pages = newsroom["footer_pages"]
    today = edition_now(edition)
    pages_by_role = dict(zip(FOOTER_ROLES, footer_ids, strict=True))
    everything = key_version("all")
    return {
        "edition": edition,
        "today": today,
        "time_zone": str(today.tzinfo),
        "comment_policy_page": footer_pages.get(pages_by_role["comment_policy"]),
        "contact_page": footer_pages.get(pages_by_role["contact"]),
        "nav_primary": nav[:PRIMARY_NAV_SIZE],
        "nav_more": nav[PRIMARY_NAV_SIZE:],
        "nav_sections": nav,
        "other_editions": other_editions(edition),
        "newsroom": newsroom["settings"],
        "footer_pages": [
            (label, footer_pages.get(pk))
            for label, pk in zip(
                [_("About"), _("Privacy Policy"), _("Comment Policy"), _("Contact")],
                footer_ids,
                strict=True,
            )
            if pk in footer_pages
        ],
        "fragment_seconds": kept_for(everything, CHROME_FRAGMENT_SECONDS),
        # What the header and footer depend on besides the page: the site
        # (relative or absolute links), edition, language, data and day.
        "fragment_key": ":".join(
            [
                str(getattr(site, "pk", 0)),
                str(getattr(edition, "pk", 0)),
                get_language() or "",
                everything,
                today.date().isoformat(),
            ]
        ),
    }


# -- rails shared by every page of an edition ----------------------------------

RAILS_CACHE_SECONDS = 60


def rails_version(edition) -> str:
    return key_version(surrogate.edition(getattr(edition, "pk", 0)))


def edition_rails(edition) -> dict:
    """Top Stories, Most Viewed, Most Read, Features and Videos of an edition.

    The same for every page of the edition, so they are built once and cached
    until the edition's next purge (the key carries its version) or for a
    minute, whichever comes first (Most Viewed has a time window).
    """
    key = f"masthead:rails:{getattr(edition, 'pk', 0)}:{rails_version(edition)}"
    rails = cache.get(key)
    if rails is None:
        rails = {
            # One spare, so an article page can leave itself out.
            "top_stories": top_stories(edition, limit=RAIL_SIZE + 1),
            "most_viewed": most_viewed(edition),
            "most_read": most_read(edition),
            "rail_features": features(edition),
            "rail_videos": videos(edition),
        }
        # Sections are kept with the rails; renditions are not (they are
        # loaded for all the rails in one query, see rails_context()).
        attach_sections([a for rail in rails.values() for a in rail])
        cache.set(key, rails, seconds_until_a_pick_expires(rails["top_stories"]))
    return rails


def seconds_until_a_pick_expires(stories, longest: int = RAILS_CACHE_SECONDS) -> int:
    """How long a list with these Top Stories may be kept: not past the
    moment one of its picks expires (the expiry job purges the edition
    then too, but it may not be running)."""
    now = timezone.now()
    ends = [
        story.picked_until
        for story in stories
        if getattr(story, "picked_until", None) is not None
    ]
    if not ends:
        return longest
    return max(1, min(longest, int((min(ends) - now).total_seconds()) + 1))


def rails_context(request, *, exclude=None, flagged=True) -> dict:
    """The rails of the request's edition for a page's template (registered
    with the newsroom's selectors for story and section pages).

    Templates keep the rendered rails in the cache (`{% cache rails_seconds
    ... rails_key %}`), so the stories behind them are read only when the
    HTML is missing: each list loads on first use. `exclude` is the story
    being shown, left out of Top Stories; only a flagged story (`flagged`)
    or an editor's pick can be in that rail, so only their pages have their
    own rails HTML.
    """
    edition = HomePage.for_request(request)
    if not flagged and exclude not in {pk for pk, _until in top_story_picks(edition)}:
        # Not a top story nor a pick: the edition's shared rails HTML does.
        exclude = None
    loaded = {}

    def rail(name):
        if not loaded:
            rails = edition_rails(edition)
            finish(*rails.values())
            loaded.update(rails)
        return loaded[name]

    def top():
        return [a for a in rail("top_stories") if a.pk != exclude][:RAIL_SIZE]

    context = {
        name: SimpleLazyObject(functools.partial(rail, name))
        for name in RAIL_NAMES
        if name != "top_stories"
    }
    context["top_stories"] = SimpleLazyObject(top)
    version = rails_version(edition)
    context["rails_seconds"] = kept_for(version, RAILS_CACHE_SECONDS)
    # The rails differ by site (relative or absolute links), edition and
    # language (the edition's time zone comes with it), and the story left out.
    context["rails_key"] = ":".join(
        [
            str(getattr(Site.find_for_request(request), "pk", 0)),
            str(getattr(edition, "pk", 0)),
            get_language() or "",
            version,
            str(exclude or 0),
        ]
    )
    return context


# -- pages --------------------------------------------------------------------


def home_front(home, request) -> dict:
    tops = top_stories(home, limit=7)
    lead = tops[0] if tops else None
    shown = [a.pk for a in tops]
    latest_news = latest(home, limit=10, exclude=shown)
    sections = list(
        SectionPage.objects.child_of(home)
        .live()
        .filter(show_in_menus=True)
        .order_by("path")[:SECTION_BLOCKS]
    )
    blocks = []
    for section in sections:
        blocks.append(
            (
                section,
                list(
                    published_articles(home)
                    .descendant_of(section)
                    .exclude(pk__in=shown)[:4]
                ),
            )
        )
    finish(tops, latest_news, *[a for _s, a in blocks])
    rails = rails_context(request)
    # The front shows its own top stories, not the rail.
    del rails["top_stories"]
    curation = curation_for(home, request, tops)
    return {
        **rails,
        "lead_story": lead,
        "top_stories": tops[1:],
        "latest_news": latest_news,
        "section_blocks": [(s, arts) for s, arts in blocks if arts],
        **curation,
    }


def may_see_curation(request) -> bool:
    """Whether the front shows how each Top Stories slot was filled: in an
    editor's preview, or to a signed-in editor who may curate. Never to an
    anonymous reader, whose page is the one kept in the shared page cache
    (a signed-in request is neither answered from it nor stored in it,
    core.middleware); the session is not even read for them."""
    if getattr(request, "is_preview", False):
        return True
    if request_is_anonymous(request):
        return False
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_perm("newsroom.set_top_story")
    )


def slot_note(story, zone: ZoneInfo, today) -> str:
    """'Picked · until 14:00', 'Picked' or 'Automatic', in the edition's
    time zone (with the date when the pick lasts beyond today)."""
    if not getattr(story, "is_picked", False):
        return _("Automatic")
    until = getattr(story, "picked_until", None)
    if until is None:
        return _("Picked")
    local = until.astimezone(zone)
    shown = date_format(
        local, "TIME_FORMAT" if local.date() == today else "SHORT_DATETIME_FORMAT"
    )
    return _("Picked · until %(time)s") % {"time": shown}


def curation_for(home, request, tops) -> dict:
    """For editors only: a note on each Top Stories slot (`slot_note` on the
    stories) and where to change them (`curation_url`)."""
    if not may_see_curation(request):
        return {"show_curation": False}
    today = edition_now(home)
    for story in tops:
        story.slot_note = slot_note(story, today.tzinfo, today.date())
    lineup = TopStories.objects.filter(edition=home).values_list("pk", flat=True)
    lineup_id = next(iter(lineup), None)
    if lineup_id is None:
        url = reverse("wagtailsnippets_frontpage_topstories:add")
    else:
        url = reverse("wagtailsnippets_frontpage_topstories:edit", args=[lineup_id])
    return {"show_curation": True, "curation_url": url}


def search_terms(query: str) -> str:
    """The words of a reader's query as the index reads them (search.text):
    no punctuation or operators a full-text engine would read as syntax."""
    from masthead.search.text import query_words

    return " ".join(query_words(query, SEARCH_MAX_TERMS))


def search_results(home, request, query: str | None = None) -> dict:
    """The search page: the edition's readable stories matching the query and
    filters (masthead.search), best match blended with recency, a page of
    them with snippets, the count and section facets. Bad filters come back
    as form errors."""
    from masthead.search import selectors as search
    from masthead.search.forms import SearchForm

    form = SearchForm(request.GET, edition=home)
    context = {"form": form, "query": "", "articles": [], "page_obj": None}
    if not form.is_valid():
        context["query"] = " ".join(str(request.GET.get("q", "")).split())[
            :SEARCH_MAX_LENGTH
        ]
        return context
    query = form.cleaned_data["q"]
    context["query"] = query
    if not query:
        return context
    results = search.search(query, form.filters())
    page = paginate(results.ids, request)
    sections = {section.pk: section for section in form.sections}
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    context.update(
        results=results,
        page_obj=page,
        count=results.count,
        articles=search.stories(list(page.object_list), results.words, home),
        facets=[
            (sections[pk], n, urlencode({**params, "section": sections[pk].slug}))
            for pk, n in sorted(results.facets.items(), key=lambda kv: -kv[1])
            if pk in sections
        ],
        extra_query=urlencode(params) + "&",
    )
    return context


def html_sitemap(home, request) -> dict:
    sections = list(
        reader_visible(SectionPage.objects.descendant_of(home).live()).order_by("path")
    )
    others = list(
        reader_visible(
            Page.objects.child_of(home).live().not_type(SectionPage)
        ).order_by("title")
    )
    return {"sections": sections, "other_pages": others}


__all__ = [
    "InvalidPage",
    "chrome",
    "edition_rails",
    "home_front",
    "html_sitemap",
    "search_results",
]
