"""The reader-search index: one row per story a stranger may read.

The text is in `title`, `standfirst` (kicker and standfirst) and `body`
(body text, tags); `facets` holds the filters as words (e<locale> s<section>
k<kind> a<author>) so that SQLite's full-text index answers a filtered query
alone. `rank_key` orders by publication time (seconds << 20 | id low bits):
on SQLite it is the FTS rowid, so "the newest N matches" is a walk down the
index, never a sort of every match.

Engine-specific parts are made by the migration (schema.py): SQLite's FTS5
table `search_entry_fts`; PostgreSQL's `document` tsvector with a GIN index.
"""

from django.db import models


class SearchEntry(models.Model):
    story = models.OneToOneField(
        "newsroom.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank_key = models.BigIntegerField(unique=True)
    locale_id = models.IntegerField()
    section_id = models.IntegerField(null=True)  # top section, for facet counts
    published_at = models.DateTimeField()
    title = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    facets = models.TextField(blank=True)

    class Meta:
        db_table = "search_entry"
        indexes = [
            models.Index(fields=["locale_id", "rank_key"], name="search_locale_rank"),
        ]

    def __str__(self):
        return self.title
