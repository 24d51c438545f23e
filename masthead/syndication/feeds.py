"""RSS 2.0 and Atom 1.0 feeds: the edition's latest, per section, tag, author.

A Feed instance serves every request (and thread), so nothing request-specific
is stored on it: `get_object` returns a `Scope` carrying the request, and
`items` precomputes each article's absolute link, authors, tags and picture in
a fixed number of queries (articles, bylines, tags, renditions).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from masthead.core import surrogate
from masthead.editions import selectors as editions
from masthead.multimedia.models import NewsRendition
from masthead.multimedia.renditions import SHARE_IMAGE_SPEC
from masthead.newsroom.models import (
    Author,
    SectionPage,
)
from masthead.newsroom.selectors import (
    filter_articles,
    published_articles,
    reader_visible,
    with_bylines_and_tags,
)

from . import common

FEED_SIZE = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
GUID_NAMESPACE = uuid.UUID("6f1d3c1e-6a55-4a39-9a7e-1c0de5a1f00d")


class MediaMixin:
    """Media RSS (`media:content`) for an item's lead picture, in RSS and Atom."""

    def add_media_namespace(self, attrs):
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_media(self, handler, item):
        media = item.get("media")
        if not media:
            return
        handler.startElement(
            "media:content",
            {
                "url": media.url,
                "medium": "image",
                "type": media.mime_type,
                "width": str(media.width),
                "height": str(media.height),
            },
        )
        if media.caption or media.alt:
            handler.addQuickElement(
                "media:description", media.caption or media.alt, {"type": "plain"}
            )
        if media.credit:
            handler.addQuickElement("media:credit", media.credit)
        handler.endElement("media:content")


class MediaRssFeed(MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return self.add_media_namespace(super().rss_attributes())

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        self.add_media(handler, item)


class MediaAtomFeed(MediaMixin, Atom1Feed):
    def root_attributes(self):
        return self.add_media_namespace(super().root_attributes())

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        self.add_media(handler, item)


@dataclass
class Scope:
    request: object
    edition: object
    title: str
    link: str
    description: str
    publisher: str
    language: str
    subject: object = None


def article_guid(article, language: str) -> str:
    """Stable across slug changes and moves; distinct per edition."""
    return "urn:uuid:" + str(
        uuid.uuid5(GUID_NAMESPACE, f"{article.translation_key}:{language}")
    )


class ArticleFeed(Feed):
    """The edition's newest stories. Subclasses narrow `get_subject`/`filter`."""

    feed_type = MediaRssFeed
    kind_label = "RSS"

    # -- scope -----------------------------------------------------------------

    def get_object(self, request, *args, **kwargs):
        edition = editions.current_edition(request)
        if edition is None:
            raise Http404(_("No edition."))
        newsroom = common.newsroom_settings_for(request)
        language = edition.locale.language_code
        scope = Scope(
            request=request,
            edition=edition,
            title=newsroom.publisher_name,
            link=common.absolute(request, edition.get_url(request)),
            description=edition.tagline or newsroom.publisher_name,
            publisher=newsroom.publisher_name,
            language=language,
        )
        self.narrow(scope, **kwargs)
        surrogate.mark(request, self.surrogate_key(scope))
        return scope

    def surrogate_key(self, scope) -> str:
        """What a change must purge to refresh this feed."""
        return surrogate.edition(scope.edition.pk)

    def narrow(self, scope, **kwargs):
        """Set `scope.subject` and the title/link for it (subclasses)."""

    def filter(self, articles, scope):
        return articles

    # -- channel ---------------------------------------------------------------

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def subtitle(self, scope):
        return scope.description

    def feed_url(self, scope):
        return common.absolute(scope.request, scope.request.path)

    def author_name(self, scope):
        return scope.publisher

    def feed_copyright(self, scope):
        return f"© {scope.publisher}"

    def feed_guid(self, scope):
        return self.feed_url(scope)

    # -- items -----------------------------------------------------------------

    def items(self, scope):
        request = scope.request
        articles = self.filter(published_articles(scope.edition), scope)
        articles = list(
            with_bylines_and_tags(articles).prefetch_related(
                "notes",
                Prefetch(
                    "lead_image__renditions",
                    queryset=NewsRendition.objects.filter(filter_spec=SHARE_IMAGE_SPEC),
                ),
            )[:FEED_SIZE]
        )
        for article in articles:
            article.feed_link = common.absolute(request, article.get_url(request))
            article.feed_media = common.article_share_image(request, article)
            article.feed_tags = [item.tag.name for item in article.tagged_items.all()]
            names = [author.name for author in article.authors]
            if article.agency_id:
                names.append(article.agency.name)
            if not names and article.byline_text:
                names.append(article.byline_text)
            article.feed_author = ", ".join(names)
            article.feed_guid = article_guid(article, scope.language)
        return articles

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.feed_link

    def item_description(self, item):
        text = item.standfirst or item.search_description or item.title
        if item.note_list:  # an updated story says so first
            note = item.note_list[0]
            text = f"{note.get_kind_display()}: {note.text} — {text}"
        return text

    def item_pubdate(self, item):
        return item.shown_published_at

    def item_updateddate(self, item):
        return item.shown_modified_at or item.shown_published_at

    def item_author_name(self, item):
        return item.feed_author or None

    def item_categories(self, item):
        return item.feed_tags

    def item_guid(self, item):
        return item.feed_guid

    item_guid_is_permalink = False

    def item_extra_kwargs(self, item):
        return {"media": item.feed_media}


class SectionFeed(ArticleFeed):
    def narrow(self, scope, slug=None, **kwargs):
        slug = common.clean_slug(slug)
        section = (
            reader_visible(SectionPage.objects.live())
            .filter(locale_id=scope.edition.locale_id, slug=slug)
            .order_by("depth", "path")
            .first()
        )
        if section is None:
            raise Http404(_("No such section."))
        scope.subject = section
        scope.title = f"{section.title} | {scope.publisher}"
        scope.link = common.absolute(scope.request, section.get_url(scope.request))
        scope.description = section.intro or scope.title

    def filter(self, articles, scope):
        # Subsections' stories too: everything below the section in the tree.
        return articles.descendant_of(scope.subject)

    def surrogate_key(self, scope) -> str:
        return surrogate.section(scope.subject.pk)


def describe_listing(scope, subject, name, route, description) -> None:
    """Point a feed at an edition listing route (`tag/<slug>/`, `author/…`)."""
    scope.subject = subject
    scope.title = f"{name} | {scope.publisher}"
    scope.link = common.absolute(
        scope.request,
        scope.edition.get_url(scope.request)
        + scope.edition.reverse_subpage(route, args=[subject.slug]),
    )
    scope.description = description


class TagFeed(ArticleFeed):
    def narrow(self, scope, slug=None, **kwargs):
        slug = common.clean_slug(slug)
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404(_("No such tag."))
        describe_listing(
            scope, tag, tag.name, "tag", _("Stories about %(tag)s") % {"tag": tag.name}
        )

    def filter(self, articles, scope):
        return filter_articles(articles, tag=scope.subject)

    def surrogate_key(self, scope) -> str:
        return surrogate.tag(scope.subject.pk)


class AuthorFeed(ArticleFeed):
    def narrow(self, scope, slug=None, **kwargs):
        slug = common.clean_slug(slug)
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            raise Http404(_("No such author."))
        describe_listing(
            scope,
            author,
            author.name,
            "author",
            _("Stories by %(author)s") % {"author": author.name},
        )

    def filter(self, articles, scope):
        return filter_articles(articles, author=scope.subject)

    def surrogate_key(self, scope) -> str:
        return surrogate.author(scope.subject.pk)


def atom(feed_class):
    """The Atom 1.0 twin of an RSS feed class."""
    return type(
        feed_class.__name__.replace("Feed", "AtomFeed"),
        (feed_class,),
        {"feed_type": MediaAtomFeed, "kind_label": "Atom"},
    )


LatestAtomFeed = atom(ArticleFeed)
SectionAtomFeed = atom(SectionFeed)
TagAtomFeed = atom(TagFeed)
AuthorAtomFeed = atom(AuthorFeed)
