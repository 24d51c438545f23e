"""A Bangla newsroom written in Bangla, so that any English left on its pages
is the reader site's own (untranslated UI), never the content's."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Site

from masthead.frontpage.models import NewsroomSettings
from masthead.newsroom.models import ArticleKind, ArticlePage
from tests import factories

BANGLA_BODY = [
    ("paragraph", "<p>রাজধানীতে আজ সকালে বৈঠক শুরু হয়।</p>"),
    ("subhead", "এরপর যা ঘটল"),
    ("quote", {"text": "দিনটি মনে রাখার মতো।", "attribution": "একজন প্রত্যক্ষদর্শী"}),
    ("paragraph", "<p>বৈঠকে নীতি সুদহার অপরিবর্তিত রাখার সিদ্ধান্ত হয়।</p>"),
]


def bangla_story(section, title, minutes_ago, **fields):
    image = factories.make_image(
        f"ছবি: {title}", caption="সংবাদ সম্মেলনে বক্তব্য", credit="নিজস্ব আলোকচিত্রী"
    )
    image.alt_text = "সংবাদ সম্মেলনে বক্তব্য দিচ্ছেন গভর্নর"
    image.save(update_fields=["alt_text"])
    return factories.make_article(
        section,
        title,
        image=image,
        body=BANGLA_BODY,
        standfirst=f"{title}: বিস্তারিত প্রতিবেদন।",
        dateline="ঢাকা",
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


@pytest.fixture
def bangla_newsroom(db):
    """The Bangla edition with two sections, two authors, tags and stories of
    every rail's kind, all written in Bangla."""
    home = factories.bangla_home()
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publisher_name = "Masthead"
    settings.address = "১২ প্রেস রোড, তেজগাঁও, ঢাকা ১২০৮"
    settings.phones = "+880 2 5555 0100\n+880 1700 000 000"
    settings.facebook_url = "https://www.facebook.com/masthead"
    settings.youtube_url = "https://www.youtube.com/@masthead"
    settings.save()
    desh = factories.make_section(home, "দেশ", slug="desh")
    khela = factories.make_section(home, "খেলা", slug="khela")
    rahim = factories.make_author("রহিম উদ্দিন", role="নিজস্ব প্রতিবেদক", slug="rahim")
    nadia = factories.make_author("নাদিয়া ইসলাম", role="জ্যেষ্ঠ প্রতিবেদক", slug="nadia")
    lead = bangla_story(
        desh,
        "কেন্দ্রীয় ব্যাংক নীতি সুদহার অপরিবর্তিত রাখল",
        3,
        authors=[rahim, nadia],
        tags=["মূল্যস্ফীতি", "ব্যাংক"],
        is_top_story=True,
        slug="nitI-sudhar",
    )
    stories = [lead]
    kinds = [ArticleKind.NEWS, ArticleKind.FEATURE, ArticleKind.VIDEO]
    for i in range(6):
        stories.append(
            bangla_story(
                [desh, khela][i % 2],
                f"বাংলা খবর {'কখগঘঙচ'[i]}",
                10 + i * 60,
                kind=kinds[i % 3],
                authors=[nadia] if i % 2 else [],
                tags=["মূল্যস্ফীতি"] if i % 2 else ["ক্রিকেট"],
                is_top_story=i % 3 == 0,
            )
        )
    return {
        "home": home,
        "desh": desh,
        "khela": khela,
        "rahim": rahim,
        "nadia": nadia,
        "lead": lead,
        "stories": stories,
    }


def translate(page, locale_code):
    """Copy `page` (and its untranslated parents) into another language and
    publish it, as an editor does with Wagtail's "Translate"."""
    locale = Locale.objects.get(language_code=locale_code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for ancestor in translated.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    translated.save_revision().publish()
    return type(page).objects.get(pk=translated.pk)


@pytest.fixture
def story_pair(newsroom):
    """An English story and its published Bangla translation."""
    english = newsroom["lead"]
    bangla = translate(english, "bn")
    bangla.title = "কেন্দ্রীয় ব্যাংক নীতি সুদহার অপরিবর্তিত রাখল"
    bangla.save_revision().publish()
    return english, ArticlePage.objects.get(pk=bangla.pk)
