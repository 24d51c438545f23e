"""The demo has a running story whose reports list each other first under
Related News, computed as the demo loads."""

from io import StringIO

import pytest
from django.core.management import call_command

from masthead.demo.stories import RUNNING_STORY, RUNNING_STORY_TAG
from masthead.newsroom.models import ArticlePage, RelatedStory
from masthead.newsroom.related import forget_windows

pytestmark = pytest.mark.django_db


def test_a_report_of_the_running_story_lists_its_siblings_first(client):
    forget_windows()  # ids come back between tests
    out = StringIO()
    call_command("load_demo", articles=60, pictures=12, stdout=out)
    assert "related news:" in out.getvalue()
    reports = list(
        ArticlePage.objects.filter(tags__name=RUNNING_STORY_TAG).order_by(
            "published_at"
        )
    )
    assert [r.title for r in reports] == [title for _h, title, _s in RUNNING_STORY]
    for report in reports:
        assert report.tags.count() == 3, [t.name for t in report.tags.all()]
    latest = reports[-1]
    related = list(
        RelatedStory.objects.filter(story=latest)
        .order_by("position")
        .values_list("related_id", flat=True)
    )
    siblings = {r.pk for r in reports[:-1]}
    assert set(related[:5]) == siblings
    # Newest sibling first: the closest in time.
    assert related[0] == reports[-2].pk
    page = client.get(latest.url).content.decode()
    assert reports[-2].title in page.split("Related News", 1)[1]
