"""Setting up the newsroom's editions: one Wagtail locale and front page each."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Locale, Page, Site

from .selectors import edition_page_model

EDITIONS = {
    # language code: (front page title, edition name shown in the other's header)
    "en": ("Masthead", "English"),
    "bn": ("মাস্টহেড", "বাংলা"),
}


@transaction.atomic
def ensure_editions(*, hostname: str = "localhost", port: int = 80) -> Page:
    """Create the locales, the English front page (site root) and its Bangla
    translation, if they are missing. Safe to call again: it changes nothing
    that exists."""
    HomePage = edition_page_model()  # noqa: N806 - a model class
    locales = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locales[code], _ = Locale.objects.get_or_create(language_code=code)

    english = HomePage.objects.filter(locale=locales["en"]).order_by("path").first()
    if english is None:
        root = Page.get_first_root_node()
        welcome = Page.objects.filter(depth=2, slug="home", content_type__model="page")
        for page in welcome:
            page.delete()
        title, edition_name = EDITIONS["en"]
        english = root.add_child(
            instance=HomePage(
                title=title,
                slug="home",
                edition_name=edition_name,
                locale=locales["en"],
                tagline="Independent news, every hour",
            )
        )
        english.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=english,
            is_default_site=True,
            site_name=english.title,
        )
    elif site.root_page_id != english.pk:
        site.root_page = english
        site.save()

    if "bn" in locales and not HomePage.objects.filter(locale=locales["bn"]).exists():
        bangla = english.copy_for_translation(locales["bn"])
        title, edition_name = EDITIONS["bn"]
        bangla.title, bangla.draft_title, bangla.edition_name = (
            title,
            title,
            edition_name,
        )
        bangla.tagline = "স্বাধীন সংবাদ, প্রতি ঘণ্টায়"
        bangla.save()
        bangla.save_revision().publish()

    # Create the site's settings rows now (the newsroom's identity, ...), so a
    # reader's first page view never writes.
    site = Site.objects.get(is_default_site=True)
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
    return english
