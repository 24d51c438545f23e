import pytest
from django.core.cache import cache

from . import factories


@pytest.fixture(autouse=True)
def _keep_initial_data(django_db_serialized_rollback):
    """Transactional tests flush the database; restore what the migrations made
    (Wagtail's root page and collection, the editions) after each one."""


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom(db):
    """A small newsroom: two sections (one with a subsection), two authors, an
    agency and a handful of published stories with images and shared tags."""
    home = factories.english_home()
    economy = factories.make_section(home, "Economy")
    banking = factories.make_section(economy, "Banking")
    sports = factories.make_section(home, "Sports")
    rahim = factories.make_author("Rahim Uddin")
    nadia = factories.make_author("Nadia Islam", role="Senior Reporter")
    reuters = factories.make_agency("Reuters")
    lead = factories.make_article(
        economy,
        "Central bank holds the policy rate",
        authors=[rahim, nadia],
        tags=["monetary policy", "inflation"],
        is_top_story=True,
    )
    wire = factories.make_article(
        banking,
        "Banks report record remittance inflow",
        agency=reuters,
        tags=["remittance", "inflation"],
    )
    match = factories.make_article(
        sports,
        "Tigers win the series in Chattogram",
        authors=[nadia],
        tags=["cricket"],
        is_top_story=True,
    )
    return {
        "home": home,
        "economy": economy,
        "banking": banking,
        "sports": sports,
        "rahim": rahim,
        "nadia": nadia,
        "reuters": reuters,
        "lead": lead,
        "wire": wire,
        "match": match,
    }
