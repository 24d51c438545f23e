"""Queries compiled once (masthead.core.prepared) return what the queryset
they were compiled from returns, on whichever database the suite runs."""

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from masthead.core.prepared import Prepared
from masthead.newsroom.models import ArticleByline, ArticleNote, ArticlePage
from tests import factories

pytestmark = pytest.mark.django_db


def _stories(slug, url_path):
    return (
        ArticlePage.objects.filter(slug=slug, url_path=url_path)
        .select_related("lead_image", "agency")
        .annotate(has_notes=Exists(ArticleNote.objects.filter(page=OuterRef("pk"))))
        .order_by()
    )


STORY = Prepared(ArticlePage, _stories, slug=str, url_path=str)


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_prepared_story_is_the_querysets_story_with_its_relations_and_annotations():
    section = factories.make_section(title="Prepared")
    agency = factories.make_agency()
    stories = [factories.make_article(section, agency=agency) for _ in range(3)]
    ArticleNote.objects.create(page=stories[1], kind="correction", text="Fixed.")

    for story in stories:
        expected = _stories(story.slug, story.url_path).get()
        with CaptureQueriesContext(connection) as queries:
            [found] = STORY(slug=story.slug, url_path=story.url_path)
            # The picture and the agency came with it.
            assert found.lead_image.file.name == expected.lead_image.file.name
            assert found.agency.name == "Reuters"
        assert len(queries) == 1
        assert type(found) is ArticlePage
        assert _fields(found) == _fields(expected)
        assert found.has_notes is expected.has_notes
        assert found.published_at == expected.published_at  # converted, aware
        assert str(found.body) == str(expected.body)  # the same body, rendered
        assert not found._state.adding and found._state.db == expected._state.db
    found = [STORY(slug=s.slug, url_path=s.url_path)[0] for s in stories]
    assert [s.has_notes for s in found] == [False, True, False]


def test_values_that_look_like_sql_are_only_values():
    section = factories.make_section(title="Prepared")
    story = factories.make_article(section)
    for hostile in ("' OR 1=1 --", "%", "masthead:slug", story.slug + "'"):
        assert STORY(slug=hostile, url_path=story.url_path) == []
        assert STORY(slug=story.slug, url_path=hostile) == []
    assert STORY(slug=story.slug, url_path=story.url_path)[0].pk == story.pk


def test_integer_placeholders_and_rows():
    section = factories.make_section(title="Prepared")
    authors = [factories.make_author(f"Author {n}") for n in range(3)]
    story = factories.make_article(section, authors=list(reversed(authors)))
    bylines = Prepared(
        ArticleByline,
        lambda page: (
            ArticleByline.objects.filter(page_id=page)
            .select_related("author")
            .order_by("sort_order")
        ),
        page=int,
    )
    assert [b.author.name for b in bylines(page=story.pk)] == [
        "Author 2",
        "Author 1",
        "Author 0",
    ]
    assert bylines(page=story.pk + 1000) == []
    times = Prepared(
        ArticlePage,
        lambda a, b: (
            ArticlePage.objects.filter(pk__in=[a, b])
            .values_list("pk", "published_at")
            .order_by("pk")
        ),
        a=int,
        b=int,
    )
    assert times.rows(a=story.pk, b=0) == [(story.pk, story.published_at)]


def test_a_query_whose_sql_depends_on_the_value_is_refused():
    contains = Prepared(
        ArticlePage,
        lambda word: ArticlePage.objects.filter(title__contains=word),
        word=str,
    )
    with pytest.raises(ValueError, match="not a plain parameter"):
        contains(word="budget")
    with pytest.raises(TypeError):
        Prepared(ArticlePage, lambda when: ArticlePage.objects.all(), when=float)


def test_a_list_of_ids_fills_its_slots_and_a_longer_one_runs_the_plain_query():
    from masthead.core.prepared import Ids

    section = factories.make_section(title="Prepared")
    stories = [factories.make_article(section, image=False) for _ in range(4)]
    pks = [s.pk for s in stories]
    by_ids = Prepared(
        ArticlePage,
        lambda ids: ArticlePage.objects.filter(pk__in=ids).order_by("pk"),
        ids=Ids(3),
    )
    with CaptureQueriesContext(connection) as queries:
        assert [s.pk for s in by_ids(ids=pks[:2])] == pks[:2]  # one slot unused
        assert [s.pk for s in by_ids(ids=pks)] == pks  # more than the slots
        assert by_ids(ids=[]) == []
    assert len(queries) == 3
