"""WCAG 2.2 AA checks with axe-core on the reader pages, in a real browser.

Drives Debian's Chromium through Playwright against pytest-django's live
server, injects axe-core (axe-playwright-python) and fails with a readable
list of what to fix.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from masthead.frontpage.models import NewsroomSettings
from masthead.newsroom.models import ArticleKind, StandardPage
from tests import factories
from tests.browser.conftest import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_22_AA},
    "resultTypes": ["violations"],
}


@pytest.fixture
def newsroom_pages():
    """Sections, stories filling every rail, a Bangla front, a contact page."""
    home = ensure_site()
    economy = factories.make_section(home, "Economy")
    sports = factories.make_section(home, "Sports")
    rahim = factories.make_author("Rahim Uddin")
    nadia = factories.make_author("Nadia Islam", role="Senior Reporter")
    reuters = factories.make_agency("Reuters")
    now = timezone.now()
    lead = factories.make_article(
        economy,
        "Central bank holds the policy rate",
        authors=[rahim, nadia],
        tags=["monetary policy", "inflation"],
        is_top_story=True,
        published_at=now - timedelta(minutes=3),
    )
    kinds = [ArticleKind.NEWS, ArticleKind.FEATURE, ArticleKind.VIDEO]
    for i in range(12):
        factories.make_article(
            [economy, sports][i % 2],
            f"Extra story {i}",
            kind=kinds[i % len(kinds)],
            authors=[nadia] if i % 2 else [],
            agency=reuters if i % 5 == 0 else None,
            tags=["inflation"] if i % 3 == 0 else ["cricket"],
            is_top_story=i % 4 == 0,
            published_at=now - timedelta(minutes=10 + i),
        )

    bangla = factories.bangla_home()
    desh = factories.make_section(bangla, "দেশ", slug="desh")
    for i in range(3):
        factories.make_article(
            desh,
            f"বাংলা খবর {i}",
            slug=f"bangla-{i}",
            is_top_story=i == 0,
            published_at=now - timedelta(minutes=20 + i),
        )

    contact = StandardPage(
        title="Contact Us",
        slug="contact",
        body="<p>Write to the newsroom.</p>",
        show_contact_block=True,
        locale=home.locale,
    )
    home.add_child(instance=contact)
    contact.save_revision().publish()
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publisher_name = "Masthead"
    settings.address = "12 Press Road, Tejgaon, Dhaka 1208"
    settings.phones = "+880 2 5555 0100\n+880 1700 000 000"
    settings.emails = "news@example.com\nads@example.com"
    settings.contact_page = contact
    settings.copyright_holder = "Masthead Media Ltd"
    settings.save()
    return {"lead": lead, "section": economy, "contact": contact}


def summarize(violations):
    """One paragraph per violation: what rule, how bad, where to look."""
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']}"
            f" ({len(nodes)} node(s)) {violation['helpUrl']}"
        )
        for node in nodes[:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary[:240]}")
        if len(nodes) > 5:
            lines.append(f"    … and {len(nodes) - 5} more")
    return "\n".join(lines)


def check(browser, url, *, status=200):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        response = page.goto(url)
        assert response.status == status, url
        page.wait_for_load_state("networkidle")
        # Web fonts change text metrics, and so what axe sees as overlap.
        page.evaluate("() => document.fonts.ready")
        results = Axe().run(page, options=AXE_OPTIONS)
    finally:
        page.close()
    violations = results.response["violations"]
    if violations:
        print(f"\n{url}\n{summarize(violations)}")
    assert not violations, f"{url}\n{summarize(violations)}"


@pytest.mark.parametrize(
    "name",
    ["home", "section", "article", "bangla", "tag", "not_found", "contact"],
)
def test_page_has_no_axe_violations(browser, live_server, newsroom_pages, name):
    urls = {
        "home": ("/", 200),
        "section": (newsroom_pages["section"].url, 200),
        "article": (newsroom_pages["lead"].url, 200),
        "bangla": ("/bn/", 200),
        "tag": ("/tag/inflation/", 200),
        "not_found": ("/no-such-page/", 404),
        "contact": (newsroom_pages["contact"].url, 200),
    }
    path, status = urls[name]
    check(browser, live_server.url + path, status=status)
