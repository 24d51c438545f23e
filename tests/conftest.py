import pytest
from django.core.cache import cache, caches

from . import factories


@pytest.fixture(autouse=True)
def _keep_initial_data(request, django_db_serialized_rollback, django_db_blocker):
    """Transactional tests (live server, commit hooks) flush the database at the
    end. Django restores the migrations' data (Wagtail's root page and
    collection, the editions) only before the next *transactional* test, and
    xdist may run an ordinary test next: restore it for that one too."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("django_db_setup")
    from django.db import connections
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if Page.objects.filter(depth=1).exists():
            return
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def _clear_page_caches():
    from masthead.core import memo
    from masthead.core.pagestore import page_store
    from masthead.core.purge import purge_log

    cache.clear()
    caches["fragments"].clear()
    memo.forget()
    page_store().clear()
    purge_log().clear()


@pytest.fixture(autouse=True)
def _clean_cache():
    _clear_page_caches()
    yield
    _clear_page_caches()


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
