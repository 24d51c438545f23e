"""Fixtures for discovery: a Bangla translation, and the sitemap schemas."""

from pathlib import Path

import pytest
from wagtail.models import Locale

from masthead.newsroom.models import ArticlePage
from tests import factories

# The sitemaps.org XSDs live beside the repo checkout: ../shared/schemas/.
SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas"
# Google News' namespace has no XSD there; a faithful copy ships with the tests.
NEWS_XSD = Path(__file__).resolve().parent / "schemas" / "sitemap-news.xsd"


@pytest.fixture
def bn_locale(db):
    return Locale.objects.get(language_code="bn")


def translate(page, locale):
    """Copy `page` (and any untranslated parents) into `locale` and publish."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in translated.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    revision = translated.save_revision()
    revision.publish()
    return type(page).objects.get(pk=translated.pk)


@pytest.fixture
def bangla_lead(newsroom, bn_locale):
    """The lead story with a published Bangla translation."""
    lead = newsroom["lead"]
    bangla = translate(lead, bn_locale)
    bangla.title = "কেন্দ্রীয় ব্যাংক নীতি সুদহার অপরিবর্তিত রাখল"
    bangla.save_revision().publish()
    return ArticlePage.objects.get(pk=bangla.pk)


@pytest.fixture
def schemas():
    if not (SCHEMAS / "sitemap.xsd").exists():
        reason = f"sitemap XSDs not found at {SCHEMAS.resolve()}"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    import xmlschema

    return {
        "sitemap": xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd")),
        "siteindex": xmlschema.XMLSchema(str(SCHEMAS / "siteindex.xsd")),
        "news": xmlschema.XMLSchema([str(SCHEMAS / "sitemap.xsd"), str(NEWS_XSD)]),
    }


@pytest.fixture
def make_article():
    return factories.make_article
