"""The Content-Security-Policy in a real browser: reader pages and the admin
(login, dashboard, page editor) load with no violation and no console error."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests import factories
from tests.browser.conftest import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def site(db):
    home = ensure_site()
    economy = factories.make_section(home, "Economy")
    story = factories.make_article(
        economy, "Central bank holds the policy rate", tags=["inflation"]
    )
    get_user_model().objects.create_superuser(
        "chief", "chief@example.com", "a-long-test-password"
    )
    return {"story": story}


class Watch:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def _console(self, message):
        where = (message.location or {}).get("url", "")
        if where.endswith("/favicon.ico"):
            return  # the favicon is another fix's business (issue 7, newcomer traps)
        if message.type in ("error", "warning") or "Content Security" in message.text:
            self.console.append(f"{message.type}: {message.text} ({where})")

    def visit(self, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return response

    def problems(self):
        violations = self.page.evaluate("window.__csp || []")
        return violations + [
            line
            for line in self.console
            if "error" in line.split(":")[0] or "Content Security Policy" in line
        ]


def test_reader_pages_load_without_violations(browser, live_server, site):
    page = browser.new_page()
    watch = Watch(page)
    for path in ("/", site["story"].url, "/latest/", "/search/?q=bank"):
        response = watch.visit(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert watch.problems() == [], path
        # site.js ran: relative times were filled in.
        if path == site["story"].url:
            assert page.locator("time[data-relative]").count() >= 1


def test_admin_login_dashboard_and_editor_load_without_violations(
    browser, live_server, site
):
    page = browser.new_page()
    watch = Watch(page)
    watch.visit(live_server.url + "/admin/login/")
    assert watch.problems() == []
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.wait_for_load_state("networkidle")
    assert watch.problems() == [], "dashboard"

    story = site["story"]
    watch.visit(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    assert page.locator("#id_title").input_value() == story.title
    # The editor's scripts ran (tabs, comments, the InlinePanel's inline script).
    page.get_by_role("tab", name="Promote").click()
    page.wait_for_load_state("networkidle")
    assert watch.problems() == [], "page editor"

    # The reader page with the editor's userbar.
    watch.visit(live_server.url + story.url)
    page.wait_for_load_state("networkidle")
    assert watch.problems() == [], "userbar"


def test_two_factor_enrolment_loads_under_the_strict_policy(browser, live_server, site):
    page = browser.new_page()
    watch = Watch(page)
    with override_settings(MASTHEAD_2FA_REQUIRED=True):
        response = watch.visit(live_server.url + "/admin/login/")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.fill("#id_username", "chief")
        page.fill("#id_password", "a-long-test-password")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/two-factor/enrol/**")
        page.wait_for_load_state("networkidle")
        assert page.locator(".masthead-qr svg").is_visible()
        assert watch.problems() == [], "enrol"
