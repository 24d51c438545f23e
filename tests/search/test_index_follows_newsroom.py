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
