"""The fast path: a batch of new wire stories leaves what one-by-one would."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, PageLogEntry
from wagtail.search.backends import get_search_backend

from masthead.newsroom.models import ArticlePage
from masthead.wire import reading
from masthead.wire.models import WireItem, WireStatus
from masthead.wire.services import import_entries, import_item

from .test_import import item3


def entries(*items):
    return [reading.Entry(f"batch[{n}]", item=item) for n, item in enumerate(items, 1)]


def run_batch(items, publish=True, **kwargs):
    # Each batch commits, and its event's subscribers (search index, caches)
    # run then: inside the test's transaction, run them on leaving the block.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return [
            outcome
            for _entry, outcome in import_entries(
                entries(*items), source="test-batch", publish=publish, **kwargs
            )
        ]


def stories(count, prefix="urn:bulk"):
    return [
        item3(
            uri=f"{prefix}:{n}",
            headlines=[{"role": "main", "value": f"Harbour story number {n}"}],
        )
        for n in range(count)
    ]


def test_a_batch_of_new_stories_goes_live_with_a_sound_tree(desk, client):
    outcomes = run_batch(stories(30))
    assert [o.action for o in outcomes] == ["created"] * 30
    assert [o.label for o in outcomes][:2] == ["batch[1]", "batch[2]"]
    pages = ArticlePage.objects.filter(pk__in=[o.page_id for o in outcomes])
    assert pages.count() == 30
    assert all(page.live and not page.has_unpublished_changes for page in pages)
    # The materialised path tree is valid and the section counts its children.
    assert Page.find_problems() == ([], [], [], [], [])
    section = Page.objects.get(pk=desk["en"].pk)
    assert section.numchild == section.get_children().count() == 30
    # Each story has a live revision holding its content, and a history.
    page = pages.get(title="Harbour story number 7")
    assert page.live_revision_id == page.latest_revision_id
    assert page.get_latest_revision_as_object().title == page.title
    actions = set(
        PageLogEntry.objects.filter(page_id=page.pk).values_list("action", flat=True)
    )
    assert actions == {"wagtail.create", "wagtail.publish"}
    # Readers see it: the article, the section front, and search.
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Harbour story number 7" in response.content
    assert b"Harbour story number" in client.get(desk["en"].url).content
    found = get_search_backend().search("Harbour number", ArticlePage)
    assert page.pk in {hit.pk for hit in found}
    assert WireItem.objects.filter(status=WireStatus.CREATED).count() == 30


def test_batch_stories_match_stories_imported_one_at_a_time(desk):
    [batched] = run_batch([item3(uri="urn:bulk:same-a")])
    single = import_item(item=item3(uri="urn:bulk:same-b"), source="t", publish=True)
    a = ArticlePage.objects.get(pk=batched.page_id)
    b = ArticlePage.objects.get(pk=single.page_id)
    for name in (
        "title",
        "standfirst",
        "byline_text",
        "agency_id",
        "display_published_at",
        "display_modified_at",
        "published_at",
        "locale_id",
        "live",
    ):
        assert getattr(a, name) == getattr(b, name), name
    assert [block.value.source for block in a.body] == [
        block.value.source for block in b.body
    ]
    assert sorted(a.tags.names()) == sorted(b.tags.names())
    assert a.get_parent().pk == b.get_parent().pk
    assert a.slug.rsplit("-", 1)[0] == b.slug.rsplit("-", 1)[0]


def test_drafts_are_drafts_an_editor_can_open_and_publish(desk, client):
    outcomes = run_batch(stories(3, "urn:draft"), publish=False)
    page = ArticlePage.objects.get(pk=outcomes[0].page_id)
    assert not page.live and page.has_unpublished_changes
    assert page.live_revision_id is None and page.latest_revision_id
    assert client.get(f"/en/{desk['en'].slug}/{page.slug}/").status_code == 404
    admin = get_user_model().objects.create_superuser("chief", "c@example.com", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert b"Harbour story number 0" in response.content
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live and page.first_published_at is not None
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_mixed_batch_keeps_its_order_and_each_item_its_fate(desk):
    run_batch([item3(uri="urn:mix:known"), item3(uri="urn:mix:to-kill")])
    future = (timezone.now() + timedelta(hours=2)).isoformat()
    outcomes = run_batch(
        [
            item3(uri="urn:mix:new-1"),
            item3(
                uri="urn:mix:known",
                version="2",
                headlines=[{"role": "main", "value": "Known story, second version"}],
            ),
            item3(uri="urn:mix:twice", version="1"),
            {"uri": "urn:mix:bad", "type": "text", "version": "x1"},
            item3(uri="urn:mix:twice", version="2"),
            item3(uri="urn:mix:to-kill", version="2", pubStatus="canceled"),
            item3(uri="urn:mix:embargo", embargoedUntil=future),
            item3(uri="urn:mix:known", version="1"),
        ]
    )
    assert [o.action for o in outcomes] == [
        "created",
        "updated",
        "created",
        "rejected",
        "updated",
        "withdrawn",
        "created",
        "skipped",
    ], [o.line() for o in outcomes]
    known = ArticlePage.objects.get(wire_item__uri="urn:mix:known")
    assert known.title == "Known story, second version"
    assert WireItem.objects.get(uri="urn:mix:twice").version == 2
    assert not ArticlePage.objects.get(wire_item__uri="urn:mix:to-kill").live
    embargoed = ArticlePage.objects.get(wire_item__uri="urn:mix:embargo")
    assert not embargoed.live and embargoed.go_live_at is not None
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_batch_publish_purges_cached_fronts(desk, client, settings):
    settings.MASTHEAD_PAGE_CACHE = {**settings.MASTHEAD_PAGE_CACHE, "ENABLED": True}
    run_batch(stories(1, "urn:purge-a"))
    first = client.get(desk["en"].url)
    assert first.status_code == 200
    run_batch(
        [
            item3(
                uri="urn:purge-b",
                headlines=[{"role": "main", "value": "Fresh harbour news"}],
            )
        ]
    )
    assert b"Fresh harbour news" in client.get(desk["en"].url).content


def test_big_batches_are_split_and_still_all_imported(desk):
    outcomes = run_batch(stories(25, "urn:split"), batch_size=10)
    assert [o.action for o in outcomes] == ["created"] * 25
    assert Page.find_problems() == ([], [], [], [], [])
    slugs = list(ArticlePage.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_batch_and_single_imports_say_the_same_about_a_language_without_edition(
    desk,
):
    batched = run_batch(
        [item3(uri="urn:bulk:de-1", language="de"), item3(uri="urn:bulk:de-2")]
        + [item3(uri="urn:bulk:de-3", language="de")]
    )
    single = import_item(
        item=item3(uri="urn:bulk:de-4", language="de"), source="t", publish=True
    )
    assert [outcome.action for outcome in batched] == ["created"] * 3
    note = "language 'de' has no edition; filed in 'en'"
    assert [note in outcome.notes for outcome in batched] == [True, False, True]
    assert single.notes == [note]
