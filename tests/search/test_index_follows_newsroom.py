"""The index follows every write path through the newsroom's events."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import PageViewRestriction

from masthead.newsroom import services
from masthead.search.models import SearchEntry
from masthead.search.selectors import Filters, search
from tests import factories


def found(query):
    return set(search(query, Filters()).ids)


def test_publish_update_withdraw_restore(db, committed):
    economy = factories.make_section(factories.english_home(), "Economy")
    with committed():
        story = factories.make_article(economy, "Harbour cranes idle", image=False)
    assert found("cranes") == {story.pk}
    with committed():
        story.title = "Harbour gantries idle"
        story.standfirst = "Work stops."
        story.save_revision().publish()
    assert found("cranes") == set()
    assert found("gantries") == {story.pk}
    with committed():
        services.withdraw_story(story=story, note="Legal")
    assert found("gantries") == set()
    assert not SearchEntry.objects.filter(story_id=story.pk).exists()


def test_unpublish_and_restriction(db, committed):
    economy = factories.make_section(factories.english_home(), "Economy")
    with committed():
        story = factories.make_article(economy, "Quokka census", image=False)
        other = factories.make_article(economy, "Quokka count", image=False)
    assert found("quokka") == {story.pk, other.pk}
    with committed():
        story.unpublish()
    assert found("quokka") == {other.pk}
    with committed():
        PageViewRestriction.objects.create(
            page=other, restriction_type=PageViewRestriction.LOGIN
        )
    assert found("quokka") == set()


def test_bulk_import_and_reindex_command(db, committed):
    economy = factories.make_section(factories.english_home(), "Economy")
    with committed():
        stories = [
            factories.make_article(economy, f"Jute mill {n}", image=False)
            for n in range(3)
        ]
    SearchEntry.objects.all().delete()
    assert found("jute") == set()  # the FTS rows point at nothing
    err, out = StringIO(), StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert "Indexed 3 stories" in out.getvalue()
    assert found("jute") == {s.pk for s in stories}


def test_bulk_wire_import_is_indexed_by_the_background_task(db, committed):
    from masthead.wire import reading
    from masthead.wire.services import import_entries
    from tests.wire.test_import import item3

    factories.make_section(factories.english_home(), "World", slug="world")
    items = [
        item3(
            uri=f"urn:search-bulk:{n}",
            headlines=[{"role": "main", "value": f"Estuary dredging {n}"}],
        )
        for n in range(30)  # more than subscribers.AT_ONCE: a task
    ]
    entries = [reading.Entry(f"s[{n}]", item=item) for n, item in enumerate(items)]
    with committed():
        outcomes = [o for _e, o in import_entries(entries, source="s", publish=True)]
    assert found("estuary dredging") == {o.page_id for o in outcomes}


def test_the_scheduler_publishing_a_story_makes_it_findable(db, committed):
    import time
    from datetime import timedelta

    from django.utils import timezone

    from masthead.core.scheduler import publish_scheduled

    economy = factories.make_section(factories.english_home(), "Economy")
    story = factories.make_article(economy, "Embargoed tariff report", publish=False)
    story.go_live_at = timezone.now() + timedelta(seconds=1)
    with committed():
        story.save_revision().publish()
    assert found("tariff") == set()
    time.sleep(1.1)
    with committed():
        publish_scheduled()
    assert found("tariff") == {story.pk}


def test_masthead_reindex_prints_progress_and_the_count(db, committed, capsys):
    from masthead.cli import main

    economy = factories.make_section(factories.english_home(), "Economy")
    with committed():
        factories.make_article(economy, "Lighthouse keepers", image=False)
    assert main(["reindex"]) == 0
    captured = capsys.readouterr()
    assert "indexed 1/1" in captured.err  # plain lines when not a TTY
    assert "Indexed 1 stories in" in captured.out
