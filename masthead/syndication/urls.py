"""Feeds, sitemaps, robots.txt and OpenSearch.

`site_patterns` are served once at the site root; `edition_patterns` under
each edition's `feeds/` (`/feeds/rss.xml`, `/bn/feeds/rss.xml`), so a feed's
language follows its URL.
"""

from django.urls import path

from . import feeds, views

site_patterns = [
    path("robots.txt", views.robots_txt, name="syndication_robots_txt"),
    path("favicon.ico", views.favicon, name="syndication_favicon"),
    path("opensearch.xml", views.opensearch, name="syndication_opensearch"),
    path("sitemap.xml", views.sitemap_index, name="syndication_sitemap_index"),
    path("sitemap-<str:section>.xml", views.sitemap, name="syndication_sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="syndication_news_sitemap"),
]

edition_patterns = [
    path("rss.xml", feeds.ArticleFeed(), name="syndication_latest_rss"),
    path("atom.xml", feeds.LatestAtomFeed(), name="syndication_latest_atom"),
    path(
        "section/<str:slug>/rss.xml",
        feeds.SectionFeed(),
        name="syndication_section_rss",
    ),
    path(
        "section/<str:slug>/atom.xml",
        feeds.SectionAtomFeed(),
        name="syndication_section_atom",
    ),
    path("tag/<str:slug>/rss.xml", feeds.TagFeed(), name="syndication_tag_rss"),
    path("tag/<str:slug>/atom.xml", feeds.TagAtomFeed(), name="syndication_tag_atom"),
    path(
        "author/<str:slug>/rss.xml", feeds.AuthorFeed(), name="syndication_author_rss"
    ),
    path(
        "author/<str:slug>/atom.xml",
        feeds.AuthorAtomFeed(),
        name="syndication_author_atom",
    ),
    # The Bangla edition's OpenSearch description (English's is /opensearch.xml).
    path("opensearch.xml", views.opensearch, name="syndication_edition_opensearch"),
]
