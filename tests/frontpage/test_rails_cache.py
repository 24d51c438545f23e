"""The edition rails are cached, and a publish shows up in them at once."""

from masthead.newsroom.models import ArticleKind

from .. import factories


def test_a_new_feature_appears_in_the_rails_after_publishing(
    client, newsroom, django_capture_on_commit_callbacks
):
    article_url = newsroom["lead"].url
    assert b"Inside the old city" not in client.get(article_url).content
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(
            newsroom["sports"], "Inside the old city", kind=ArticleKind.FEATURE
        )
    page = client.get(article_url).content.decode()
    features = page.split("Features", 1)[1]
    assert "Inside the old city" in features


def test_an_article_never_lists_itself_in_top_stories(client, newsroom):
    page = client.get(newsroom["lead"].url).content.decode()
    rail = page.split("Top Stories", 1)[1].split("Most Viewed", 1)[0]
    assert "Central bank holds the policy rate" not in rail
    assert "Tigers win the series" in rail
