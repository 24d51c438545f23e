"""An editor writes, previews and publishes a story in the Wagtail admin, and a
reader sees it; an editor with limited rights cannot inject script or touch
what is not theirs."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from masthead.newsroom.models import ArticleByline, ArticlePage, Author
from masthead.newsroom.richtext import ARTICLE_FEATURES

from .. import factories

XSS_HTML = (
    "<p>Before <script>alert(1)</script>"
    '<img src="x" onerror="alert(1)"/>'
    '<a href="javascript:alert(1)">x</a> after.</p>'
)


def add_url(section):
    return reverse(
        "wagtailadmin_pages:add", args=("newsroom", "articlepage", section.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def article_form(title, slug, *, body, **fields):
    data = {
        "title": title,
        "slug": slug,
        "kicker": "",
        "standfirst": "",
        "kind": "news",
        "bylines": inline_formset([]),
        "byline_text": "",
        "agency": "",
        "dateline": "",
        "lead_image": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "body": streamfield(body),
        "tags": "",
        "related_picks": inline_formset([]),
        "notes": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def paragraph(html):
    return ("paragraph", rich_text(html, features=ARTICLE_FEATURES))


def assert_no_script(html: str) -> None:
    """Nothing in `html` runs script: no script-bearing elements, no event
    handler attributes, no javascript:/data: URLs."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in {"script", "img", "iframe", "svg", "object", "embed"}
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name.lower() in {"href", "src"}:
                url = "".join(str(value).split()).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), tag
    assert "javascript:" not in html.lower()


def stored_body(page) -> str:
    """The body as saved in the page's latest revision (drafts included)."""
    revision = ArticlePage.objects.get(pk=page.pk).get_latest_revision()
    body = revision.content["body"]
    if isinstance(body, str):
        body = json.loads(body)
    return " ".join(
        json.dumps(block["value"])
        if not isinstance(block["value"], str)
        else block["value"]
        for block in body
    )


def story_body_html(page_html: str) -> str:
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.find("article") or soup
    return str(article)


# -- a chief editor: create, preview, publish, read ------------------------------------


@pytest.fixture
def chief(django_user_model, client):
    user = django_user_model.objects.create_superuser(
        "chief", "chief@example.com", "pw"
    )
    client.force_login(user)
    return user


def test_editor_creates_previews_and_publishes_a_story(client, newsroom, chief):
    sports = newsroom["sports"]
    photo = factories.make_image("Stadium", caption="Full house", credit="Our staff")
    data = article_form(
        "Tigers clinch a thriller in Sylhet",
        "tigers-clinch-a-thriller",
        kicker="Cricket",
        standfirst="A last-ball finish in front of a full house.",
        kind="news",
        bylines=inline_formset(
            [{"author": newsroom["nadia"].pk}, {"author": newsroom["rahim"].pk}]
        ),
        dateline="Sylhet",
        lead_image=photo.pk,
        tags="cricket, sylhet",
        body=[
            paragraph(
                f'<p>It went to the <b>last ball</b>. See <a href="https://example.com/">'
                f"the scorecard</a> and "
                f'<a linktype="page" id="{newsroom["match"].pk}">'
                "the last match</a>.</p>"
            ),
            ("subhead", "The final over"),
            ("quote", {"text": "We never gave up.", "attribution": "The captain"}),
        ],
    )

    # The empty form opens.
    assert client.get(add_url(sports)).status_code == 200

    # Save a draft.
    response = client.post(add_url(sports), data)
    assert response.status_code == 302, response.content[:2000]
    article = ArticlePage.objects.get(slug="tigers-clinch-a-thriller")
    assert response["Location"] == edit_url(article)
    assert not article.live
    assert article.get_parent().pk == sports.pk
    assert client.get(edit_url(article)).status_code == 200

    # Preview: the admin posts the form, then shows the page as it would look.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    response = client.post(preview_url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = client.get(preview_url)
    assert response.status_code == 200
    preview = response.content.decode()
    assert "Tigers clinch a thriller in Sylhet" in preview
    assert "The final over" in preview
    assert "private" in response["Cache-Control"]

    # Nothing public yet.
    client.logout()
    assert client.get("/sports/tigers-clinch-a-thriller/").status_code == 404
    client.force_login(chief)

    # Publish (the edit form now carries the saved bylines).
    bylines = ArticleByline.objects.filter(page=article).order_by("sort_order")
    data.update(
        nested_form_data(
            {
                "bylines": inline_formset(
                    [{"id": b.pk, "author": b.author_id} for b in bylines],
                    initial=len(bylines),
                )
            }
        )
    )
    response = client.post(
        edit_url(article), {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302, response.content[:2000]
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.published_at is not None
    assert [a.name for a in article.authors] == ["Nadia Islam", "Rahim Uddin"]
    assert sorted(t.slug for t in article.tags.all()) == ["cricket", "sylhet"]
    assert article.lead_image_id == photo.pk
    assert article.url == "/sports/tigers-clinch-a-thriller/"

    # A reader sees it.
    client.logout()
    response = client.get(article.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tigers clinch a thriller in Sylhet" in page
    assert "A last-ball finish in front of a full house." in page
    assert "<b>last ball</b>" in page
    assert f'href="{newsroom["match"].url}"' in page  # internal link expanded
    assert "We never gave up." in page
    assert "Nadia Islam" in page
    # ...on the section front and in the API, too.
    assert (
        "Tigers clinch a thriller in Sylhet" in client.get("/sports/").content.decode()
    )
    listed = client.get("/api/v1/articles?section=sports").json()["items"]
    assert listed[0]["id"] == article.pk


def test_an_invalid_form_is_an_error_not_a_story(client, newsroom, chief):
    before = ArticlePage.objects.count()
    data = article_form("", "", body=[paragraph("<p>No headline</p>")])
    response = client.post(add_url(newsroom["sports"]), data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert ArticlePage.objects.count() == before


# -- an editor with rights on one section only ---------------------------------------


@pytest.fixture
def sports_editor(django_user_model, newsroom):
    group = Group.objects.create(name="Sports desk")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=newsroom["sports"],
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user(
        "desk", "desk@example.com", "pw", is_staff=False
    )
    user.groups.add(group)
    return user


def publish_as_chief(page):
    page = ArticlePage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def test_limited_editor_cannot_inject_script_through_the_editor(
    client, newsroom, sports_editor
):
    client.force_login(sports_editor)
    data = article_form(
        "Script in the editor", "script-in-the-editor", body=[paragraph(XSS_HTML)]
    )
    response = client.post(add_url(newsroom["sports"]), data)
    assert response.status_code == 302, response.content[:2000]
    article = ArticlePage.objects.get(slug="script-in-the-editor")
    assert not article.live  # the desk cannot publish
    stored = stored_body(article)
    assert_no_script(stored)
    assert "Before" in stored and "after." in stored

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert client.post(preview_url, data).json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert_no_script(story_body_html(preview.content.decode()))

    article = publish_as_chief(article)
    client.logout()
    response = client.get(article.url)
    assert response.status_code == 200
    assert_no_script(story_body_html(response.content.decode()))
    assert "alert(1)</script>" not in response.content.decode()


CRAFTED_CONTENTSTATE = json.dumps(
    {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": "crafted <script>alert(1)</script> link",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 34, "length": 4, "key": 0}],
                "data": {},
            },
            {
                "key": "a2",
                "type": "atomic",
                "depth": 0,
                "text": " ",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": 1}],
                "data": {},
            },
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "javascript:alert(1)"},
            },
            "1": {
                "type": "IMAGE",
                "mutability": "IMMUTABLE",
                "data": {"src": "x", "alt": 'x" onerror="alert(1)', "id": 1},
            },
        },
    }
)


@pytest.mark.parametrize(
    "raw_value",
    [
        CRAFTED_CONTENTSTATE,
        XSS_HTML,  # HTML where the editor's JSON belongs
        "<script>alert(1)</script>",
        '{"blocks": 1}',
        '{"blocks": [{"text": 5}]}',
        "[" * 5000,
        "",
    ],
    ids=["contentstate", "html", "script", "bad-json", "bad-blocks", "deep", "empty"],
)
def test_limited_editor_cannot_inject_script_with_a_crafted_post(
    client, newsroom, sports_editor, raw_value
):
    client.force_login(sports_editor)
    data = article_form(
        "Crafted post", "crafted-post", body=[("paragraph", "placeholder")]
    )
    data["body-0-value"] = raw_value
    response = client.post(add_url(newsroom["sports"]), data)
    assert response.status_code in (200, 302)  # a form error or a draft, never a 500
    article = ArticlePage.objects.filter(slug="crafted-post").first()
    if response.status_code == 200:
        assert article is None
        assert "could not be read" in response.content.decode() or (
            "error" in response.content.decode().lower()
        )
        return
    stored = stored_body(article)
    assert_no_script(stored)
    article = publish_as_chief(article)
    client.logout()
    page = client.get(article.url)
    assert page.status_code == 200
    assert_no_script(story_body_html(page.content.decode()))


def test_limited_editor_cannot_smuggle_script_into_other_fields(
    client, newsroom, sports_editor
):
    client.force_login(sports_editor)
    data = article_form(
        "<script>alert(1)</script>Headline",
        "smuggled",
        kicker='<img src=x onerror="alert(1)">',
        standfirst="<script>alert(2)</script>",
        byline_text='<a href="javascript:alert(3)">me</a>',
        dateline="<svg onload=alert(4)>",
        body=[("subhead", "<script>alert(5)</script>")],
    )
    assert client.post(add_url(newsroom["sports"]), data).status_code == 302
    article = publish_as_chief(ArticlePage.objects.get(slug="smuggled"))
    client.logout()
    html = client.get(article.url).content.decode()
    for n in range(1, 6):
        assert f"alert({n})</script>" not in html
    assert "<img src=x onerror" not in html
    assert "<svg onload" not in html
    assert 'href="javascript:' not in html


def test_limited_editor_stays_in_their_section(client, newsroom, sports_editor):
    client.force_login(sports_editor)
    # Their own section: allowed.
    assert client.get(add_url(newsroom["sports"])).status_code == 200
    assert client.get(edit_url(newsroom["match"])).status_code == 200

    # Another section: neither add nor edit.
    lead = newsroom["lead"]
    for url in (add_url(newsroom["economy"]), edit_url(lead)):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] != url
    data = article_form("Hijacked", lead.slug, body=[paragraph("<p>Hijacked</p>")])
    response = client.post(edit_url(lead), data)
    assert response.status_code in (302, 403)
    assert ArticlePage.objects.get(pk=lead.pk).title == lead.title
    response = client.post(add_url(newsroom["economy"]), {**data, "slug": "sneaky"})
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="sneaky").exists()

    # Nor publish in their own section.
    match = newsroom["match"]
    data = article_form(
        "Renamed by the desk", match.slug, body=[paragraph("<p>Changed</p>")]
    )
    client.post(edit_url(match), {**data, "action-publish": "action-publish"})
    assert ArticlePage.objects.get(pk=match.pk).title == match.title


@pytest.mark.parametrize(
    "url",
    [
        "/admin/settings/frontpage/newsroomsettings/",
        "/admin/snippets/newsroom/author/",
        "/admin/snippets/newsroom/author/add/",
        "/admin/snippets/newsroom/agency/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
    ],
)
def test_limited_editor_cannot_open_settings_or_snippets(
    client, newsroom, sports_editor, url
):
    client.force_login(sports_editor)
    response = client.get(url, follow=False)
    assert response.status_code in (302, 403), url
    if response.status_code == 302:
        assert not response["Location"].startswith(url)


def test_limited_editor_cannot_create_an_author(client, newsroom, sports_editor):
    client.force_login(sports_editor)
    response = client.post(
        "/admin/snippets/newsroom/author/add/",
        {"name": "Impostor", "slug": "impostor"},
    )
    assert response.status_code in (302, 403)
    assert not Author.objects.filter(slug="impostor").exists()
