"""Articles as IPTC ninjs 2.0, for partners and other newsrooms.

The `uri` of a story that came in on the wire is the agency's own (so a
round trip keeps the update chain); for the newsroom's own stories it is
`urn:masthead:article:<id>`. `version` is the wire version, else the number of
times the story was published.
"""

from __future__ import annotations

from wagtail.models import PageLogEntry

from masthead.newsroom.models import ArticlePage
from masthead.syndication import common

from . import selectors

SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"


def own_uri(article: ArticlePage) -> str:
    return f"urn:masthead:article:{article.pk}"


def article_uri(article: ArticlePage) -> str:
    wire = getattr(article, "wire_item", None)
    return wire.uri if wire is not None else own_uri(article)


def _version(article: ArticlePage) -> int:
    wire = getattr(article, "wire_item", None)
    if wire is not None:
        return wire.version
    published = PageLogEntry.objects.filter(
        page_id=article.pk, action="wagtail.publish"
    ).count()
    return max(1, published)


def _iso(value) -> str | None:
    return value.replace(microsecond=0).isoformat() if value else None


def article_ninjs(ctx: selectors.ApiContext, article: ArticlePage) -> dict:
    detail = selectors.article_detail(ctx, article, with_related=False)
    data = {
        "standard": {"name": "ninjs", "version": "2.0", "schema": SCHEMA},
        "uri": article_uri(article),
        "version": str(_version(article)),
        "type": "text",
        "representationtype": "full",
        "pubstatus": "usable",
        "language": ctx.edition_code(article.locale_id),
        "headlines": [{"role": "main", "value": article.title}],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": detail["body_html"]}
        ],
        "altids": [{"role": "url", "value": detail["url"]}] if detail["url"] else [],
    }
    first = _iso(article.shown_published_at)
    modified = _iso(article.shown_modified_at or article.shown_published_at)
    if first:
        data["firstcreated"] = first
    if modified:
        data["versioncreated"] = modified
    if article.standfirst:
        data["descriptions"] = [{"role": "summary", "value": article.standfirst}]
    names = [author.name for author in article.authors]
    by = ", ".join(names) or article.byline_text
    if by:
        data["by"] = by
    agency = article.agency.name if article.agency_id else ""
    publisher = common.newsroom_settings_for(ctx.request).publisher_name
    data["copyrightholder"] = agency or publisher
    tags = [item.tag.name for item in article.tagged_items.all()]
    if tags:
        data["subjects"] = [{"name": name} for name in tags]
    if article.lead_image_id:
        image = selectors.image_out(
            ctx,
            article.lead_image,
            "width-1200",
            caption=article.image_caption,
            credit=article.image_credit,
        )
        picture = {
            "name": "featureimage",
            "uri": image["url"],
            "type": "picture",
            "renditions": [
                {
                    "name": "original",
                    "href": image["url"],
                    "width": image["width"],
                    "height": image["height"],
                }
            ],
        }
        if image["caption"]:
            picture["descriptions"] = [{"role": "caption", "value": image["caption"]}]
        if image["credit"]:
            picture["by"] = image["credit"]
        data["associations"] = [picture]
    if not data["altids"]:
        del data["altids"]
    return data
