from masthead.newsroom.models import ArticlePage

from .. import factories


def test_publishing_sets_the_time_listings_sort_by(newsroom):
    article = newsroom["lead"]
    assert article.live
    assert article.published_at is not None
    assert article.published_at == article.first_published_at


def test_display_override_wins_for_imported_copy(newsroom):
    when = factories.now().replace(year=2020)
    article = factories.make_article(
        newsroom["economy"], "Old wire copy", published_at=when
    )
    assert ArticlePage.objects.get(pk=article.pk).published_at == when
    assert article.shown_published_at == when


def test_article_url_lives_under_its_section(newsroom):
    assert newsroom["wire"].url == "/economy/banking/" + newsroom["wire"].slug + "/"


def test_bangla_edition_front_page_exists_and_is_served_under_bn(db):
    assert factories.bangla_home().url == "/bn/"
