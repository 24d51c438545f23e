"""Shared by the browser tests: Debian's Chromium driven by Playwright."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures here are synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        print(f"skipping: {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def ensure_site():
    """A transactional test starts from a flushed database: put back Wagtail's
    root page and the editions that migrations normally create."""
    from wagtail.models import Collection, Locale, Page

    from masthead.editions.services import ensure_editions

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        english, _ = Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    return ensure_editions()
