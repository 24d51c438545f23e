"""Feeds, sitemaps, robots.txt and OpenSearch (filled in by the syndication app)."""

site_patterns = []
edition_patterns = []
