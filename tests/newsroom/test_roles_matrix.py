"""Who may do what in the admin: every newsroom role against every editorial
action, by GET (the form or confirmation page opens) and by POST (the action
takes effect), including another reporter's draft (IDOR) and the field-level
rules (scheduling, Top Stories, displayed times)."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from masthead.frontpage.models import NewsroomSettings
from masthead.newsroom import roles
from masthead.newsroom.models import Agency, ArticlePage, Author
from masthead.newsroom.services import withdraw_story

from .. import factories
from .test_admin_editing import add_url, article_form, edit_url, paragraph

REPORTER, COLLEAGUE, SUB, DESK, CHIEF, MODERATOR, ADMIN = (
    "reporter",
    "colleague",
    "sub",
    "desk",
    "chief",
    "moderator",
    "admin",
)
ROLES = (REPORTER, SUB, DESK, CHIEF, MODERATOR, ADMIN)
GROUPS = {
    REPORTER: roles.REPORTER,
    COLLEAGUE: roles.REPORTER,
    SUB: roles.SUB_EDITOR,
    DESK: "Section editor: Sports",
    CHIEF: roles.CHIEF_EDITOR,
    MODERATOR: roles.MODERATOR,
    ADMIN: roles.ADMINISTRATOR,
}


@pytest.fixture
def desk(newsroom, django_user_model):
    """The newsroom with its roles, one user per role, and drafts: one by the
    reporter and one by a colleague in Sports, one by the colleague in Economy."""
    roles.ensure_roles(["sports"])
    users = {}
    for key, group in GROUPS.items():
        user = django_user_model.objects.create_user(key, f"{key}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group))
        users[key] = user
    sports, economy = newsroom["sports"], newsroom["economy"]
    draft = {"publish": False, "image": False}
    drafts = {
        "own": factories.make_article(
            sports, "Reporter's draft", owner=users[REPORTER], **draft
        ),
        "colleague": factories.make_article(
            sports, "Colleague's draft", owner=users[COLLEAGUE], **draft
        ),
        "economy": factories.make_article(
            economy, "Economy draft", owner=users[COLLEAGUE], **draft
        ),
    }
    for page in drafts.values():
        page.save_revision(user=page.owner)
    return {**newsroom, "users": users, "drafts": drafts}


def fresh(page):
    return ArticlePage.objects.get(pk=page.pk)


def draft_content(page):
    """The page as its latest revision (what an editor saved) has it."""
    return fresh(page).get_latest_revision().content


def edit_form(page, title=None, **fields):
    return article_form(
        title or page.title,
        page.slug,
        body=[paragraph("<p>Edited copy.</p>")],
        **fields,
    )


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse(
        "wagtailsettings:edit", args=("frontpage", "newsroomsettings", site.pk)
    )


def move_url(page, destination):
    return reverse("wagtailadmin_pages:move_confirm", args=(page.pk, destination.pk))


def page_action_url(name, page):
    return reverse(f"wagtailadmin_pages:{name}", args=(page.pk,))


def author_add_url():
    return reverse("wagtailsnippets_newsroom_author:add")


def agency_edit_url(agency):
    return reverse("wagtailsnippets_newsroom_agency:edit", args=(agency.pk,))


# -- GET: does the form or confirmation page open? -------------------------------------

ALL_EDITORS = {REPORTER, SUB, DESK, CHIEF, ADMIN}
GET_MATRIX = {
    "add in own section": (lambda d: add_url(d["sports"]), ALL_EDITORS),
    "add in another section": (
        lambda d: add_url(d["economy"]),
        {REPORTER, SUB, CHIEF, ADMIN},
    ),
    "edit own draft": (lambda d: edit_url(d["drafts"]["own"]), ALL_EDITORS),
    "edit colleague's draft": (
        lambda d: edit_url(d["drafts"]["colleague"]),
        {SUB, DESK, CHIEF, ADMIN},
    ),
    "view colleague's draft (IDOR)": (
        lambda d: page_action_url("view_draft", d["drafts"]["colleague"]),
        {SUB, DESK, CHIEF, ADMIN},
    ),
    "edit live story in own section": (
        lambda d: edit_url(d["match"]),
        {SUB, DESK, CHIEF, ADMIN},
    ),
    "edit live story in another section": (
        lambda d: edit_url(d["lead"]),
        {SUB, CHIEF, ADMIN},
    ),
    "unpublish": (
        lambda d: page_action_url("unpublish", d["match"]),
        {DESK, CHIEF, ADMIN},
    ),
    "delete live story": (
        lambda d: page_action_url("delete", d["match"]),
        {DESK, CHIEF, ADMIN},
    ),
    # Wagtail checks moving on the destination chooser and on the POST; its
    # confirmation page (GET) shows titles only, to any admin user.
    "move (choose destination)": (
        lambda d: page_action_url("move", d["match"]),
        {DESK, CHIEF, ADMIN},
    ),
    "add author": (lambda d: author_add_url(), {CHIEF, ADMIN}),
    "edit agency": (lambda d: agency_edit_url(d["reuters"]), {CHIEF, ADMIN}),
    "site settings": (lambda d: settings_url(), {ADMIN}),
    "users": (lambda d: reverse("wagtailusers_users:index"), {ADMIN}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", GET_MATRIX)
def test_get_matrix(client, desk, action, role):
    make_url, allowed = GET_MATRIX[action]
    url = make_url(desk)
    client.force_login(desk["users"][role])
    response = client.get(url)
    if role in allowed:
        assert response.status_code == 200, (url, response.status_code)
    else:
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(url)


def test_moderator_reaches_the_admin_and_nothing_else(client, desk):
    client.force_login(desk["users"][MODERATOR])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# -- POST: does the action take effect? ------------------------------------------------


def post_create(client, d, section_key):
    slug = f"new-in-{section_key}"
    client.post(
        add_url(d[section_key]),
        article_form("New story", slug, body=[paragraph("<p>Copy.</p>")]),
    )
    return ArticlePage.objects.filter(slug=slug).exists()


def post_edit(client, d, draft_key):
    page = d["drafts"][draft_key]
    client.post(edit_url(page), edit_form(page, title="Retitled"))
    return draft_content(page)["title"] == "Retitled"


def post_publish(client, d, draft_key):
    page = d["drafts"][draft_key]
    client.post(edit_url(page), {**edit_form(page), "action-publish": "publish"})
    return fresh(page).live


def post_unpublish(client, d):
    client.post(page_action_url("unpublish", d["match"]))
    return not fresh(d["match"]).live


def post_delete(client, d, page):
    client.post(page_action_url("delete", page))
    return not ArticlePage.objects.filter(pk=page.pk).exists()


def post_move(client, d):
    client.post(move_url(d["match"], d["economy"]))
    return fresh(d["match"]).get_parent().pk == d["economy"].pk


def post_lock(client, d):
    client.post(page_action_url("lock", d["match"]))
    return fresh(d["match"]).locked


def post_fields(client, d, **fields):
    """Save the reporter's draft with `fields`; return what the draft kept."""
    page = d["drafts"]["own"]
    client.post(edit_url(page), edit_form(page, title="Saved", **fields))
    content = draft_content(page)
    return content, content["title"] == "Saved"


def post_schedule(client, d):
    when = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    content, _saved = post_fields(client, d, go_live_at=when, expire_at="")
    return content.get("go_live_at") is not None


def post_top_story(client, d):
    content, _saved = post_fields(client, d, is_top_story="on")
    return content.get("is_top_story") is True


def post_display_times(client, d):
    content, _saved = post_fields(
        client,
        d,
        display_published_at="2026-01-02 10:00",
        display_modified_at="2026-01-03 10:00",
    )
    return content.get("display_published_at") is not None


def post_author(client, d):
    client.post(author_add_url(), {"name": "New Writer", "slug": "new-writer"})
    return Author.objects.filter(slug="new-writer").exists()


def post_agency(client, d):
    agency = d["reuters"]
    client.post(
        agency_edit_url(agency), {"name": "Renamed", "slug": agency.slug, "url": ""}
    )
    return Agency.objects.get(pk=agency.pk).name == "Renamed"


def post_settings(client, d):
    client.post(settings_url(), {"publisher_name": "Changed publisher"})
    return NewsroomSettings.objects.filter(publisher_name="Changed publisher").exists()


POST_MATRIX = {
    "create in own section": (lambda c, d: post_create(c, d, "sports"), ALL_EDITORS),
    "create in another section": (
        lambda c, d: post_create(c, d, "economy"),
        {REPORTER, SUB, CHIEF, ADMIN},
    ),
    "edit own draft": (lambda c, d: post_edit(c, d, "own"), ALL_EDITORS),
    "edit colleague's draft (IDOR)": (
        lambda c, d: post_edit(c, d, "colleague"),
        {SUB, DESK, CHIEF, ADMIN},
    ),
    "publish in own section": (
        lambda c, d: post_publish(c, d, "colleague"),
        {DESK, CHIEF, ADMIN},
    ),
    "publish in another section": (
        lambda c, d: post_publish(c, d, "economy"),
        {CHIEF, ADMIN},
    ),
    "unpublish": (post_unpublish, {DESK, CHIEF, ADMIN}),
    "delete live story": (
        lambda c, d: post_delete(c, d, d["match"]),
        {DESK, CHIEF, ADMIN},
    ),
    # Wagtail's "add" lets a reporter delete an unpublished draft of their own.
    "delete own draft": (
        lambda c, d: post_delete(c, d, d["drafts"]["own"]),
        ALL_EDITORS,
    ),
    "move to another section": (post_move, {CHIEF, ADMIN}),
    "lock": (post_lock, {SUB, DESK, CHIEF, ADMIN}),
    "schedule (go_live_at)": (post_schedule, {DESK, CHIEF, ADMIN}),
    "top story": (post_top_story, {DESK, CHIEF, ADMIN}),
    "displayed times": (post_display_times, {SUB, DESK, CHIEF, ADMIN}),
    "add author": (post_author, {CHIEF, ADMIN}),
    "edit agency": (post_agency, {CHIEF, ADMIN}),
    "site settings": (post_settings, {ADMIN}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_MATRIX)
def test_post_matrix(client, desk, action, role):
    act, allowed = POST_MATRIX[action]
    client.force_login(desk["users"][role])
    assert act(client, desk) is (role in allowed)


# -- delete, move and unschedule by story state ------------------------------------
#
# Deleting, moving or unscheduling a story readers have seen (live, withdrawn:
# its 410 notice) or are about to see (scheduled) needs publish rights on its
# section, even for the reporter who owns it. A never-published draft follows
# Wagtail's rules: its owner and the sub-editors may delete or move it.

OTHER_DESK = "other_desk"
STATE_ROLES = (REPORTER, SUB, DESK, OTHER_DESK, CHIEF, MODERATOR, ADMIN)
STATES = ("withdrawn", "scheduled", "live", "draft")
PUBLISHERS = {DESK, CHIEF, ADMIN}
DRAFT_HANDLERS = {REPORTER, SUB, DESK, CHIEF, ADMIN}


@pytest.fixture
def stories(desk, django_user_model):
    """One story per state in Sports, all owned by the reporter; a Cricket
    subsection to move them to; an editor of another desk (Economy)."""
    roles.ensure_roles(["sports", "economy"])
    other = django_user_model.objects.create_user(OTHER_DESK, "other@example.com", "pw")
    other.groups.add(Group.objects.get(name="Section editor: Economy"))
    users = {**desk["users"], OTHER_DESK: other}
    sports, reporter = desk["sports"], users[REPORTER]
    cricket = factories.make_section(sports, "Cricket")

    def story(title, **fields):
        page = factories.make_article(sports, title, image=False, **fields)
        ArticlePage.objects.filter(pk=page.pk).update(owner=reporter)
        return fresh(page)

    withdrawn = story("Withdrawn story")
    withdraw_story(story=withdrawn, note="Legal reasons.")
    scheduled = story("Scheduled story", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=reporter).publish()
    live = story("Live story")
    draft = story("Never published draft", publish=False)
    draft.save_revision(user=reporter)
    pages = {
        "withdrawn": fresh(withdrawn),
        "scheduled": fresh(scheduled),
        "live": fresh(live),
        "draft": fresh(draft),
    }
    assert pages["withdrawn"].withdrawn_at and not pages["withdrawn"].live
    assert pages["scheduled"].go_live_at and not pages["scheduled"].live
    return {**desk, "users": users, "cricket": cricket, "stories": pages}


def scheduled_revision(page):
    return page.revisions.filter(approved_go_live_at__isnull=False).get()


def unschedule_url(page):
    return reverse(
        "wagtailadmin_pages:revisions_unschedule",
        args=(page.pk, scheduled_revision(page).pk),
    )


STATE_GET = {
    "delete": lambda s, page: page_action_url("delete", page),
    "move (choose destination)": lambda s, page: page_action_url("move", page),
    "move (confirm)": lambda s, page: move_url(page, s["cricket"]),
}
STATE_ALLOWED = {
    "withdrawn": PUBLISHERS,
    "scheduled": PUBLISHERS,
    "live": PUBLISHERS,
    "draft": DRAFT_HANDLERS,
}


def story_exists(page):
    return ArticlePage.objects.filter(pk=page.pk).exists()


def parent_of(page):
    return fresh(page).get_parent().specific


@pytest.mark.parametrize("role", STATE_ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", STATE_GET)
def test_state_get_matrix(client, stories, action, state, role):
    page = stories["stories"][state]
    url = STATE_GET[action](stories, page)
    client.force_login(stories["users"][role])
    response = client.get(url)
    if role in STATE_ALLOWED[state]:
        assert response.status_code == 200, (url, response.status_code)
    else:
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(url)


@pytest.mark.parametrize("role", STATE_ROLES)
@pytest.mark.parametrize("state", STATES)
def test_state_delete_matrix(client, stories, state, role):
    page = stories["stories"][state]
    client.force_login(stories["users"][role])
    client.post(page_action_url("delete", page))
    assert (not story_exists(page)) is (role in STATE_ALLOWED[state])


@pytest.mark.parametrize("role", STATE_ROLES)
@pytest.mark.parametrize("state", STATES)
def test_state_move_matrix(client, stories, state, role):
    page = stories["stories"][state]
    client.force_login(stories["users"][role])
    client.post(move_url(page, stories["cricket"]))
    moved = parent_of(page).pk == stories["cricket"].pk
    assert moved is (role in STATE_ALLOWED[state])


@pytest.mark.parametrize("role", STATE_ROLES)
def test_unschedule_matrix(client, stories, role):
    page = stories["stories"]["scheduled"]
    url = unschedule_url(page)
    client.force_login(stories["users"][role])
    response = client.get(url)
    if role in PUBLISHERS:
        assert response.status_code == 200, response.status_code
    else:
        assert response.status_code in (302, 403), response.status_code
    client.post(url)
    unscheduled = (
        not fresh(page).revisions.filter(approved_go_live_at__isnull=False).exists()
    )
    assert unscheduled is (role in PUBLISHERS)


def test_a_withdrawn_notice_survives_a_sub_editors_delete(client, stories):
    page = stories["stories"]["withdrawn"]
    url = page.url
    assert client.get(url).status_code == 410
    client.force_login(stories["users"][SUB])
    response = client.post(page_action_url("delete", page))
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 410


def test_refusals_are_security_events(client, stories, caplog):
    page = stories["stories"]["scheduled"]
    client.force_login(stories["users"][SUB])
    with caplog.at_level("WARNING", logger="masthead.security"):
        client.post(page_action_url("delete", page))
        client.post(move_url(page, stories["cricket"]))
        client.post(unschedule_url(page))
    denied = [
        event
        for event in (
            json.loads(record.getMessage())
            for record in caplog.records
            if record.name == "masthead.security"
        )
        if event["event"] == "permission.denied"
    ]
    assert all(event["user"] == SUB for event in denied)
    paths = [event["path"] for event in denied]
    for action in ("delete", "move", "unschedule"):
        assert any(f"/pages/{page.pk}/" in p and action in p for p in paths), paths
    assert story_exists(page)


# -- field-level rules, in detail ------------------------------------------------------


def test_reporter_saves_a_draft_but_not_the_fields_they_may_not_set(client, desk):
    client.force_login(desk["users"][REPORTER])
    page = desk["drafts"]["own"]
    when = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        edit_url(page),
        edit_form(
            page,
            title="Filed by the reporter",
            is_top_story="on",
            display_published_at="2026-01-02 10:00",
            display_modified_at="2026-01-03 10:00",
            go_live_at=when,
            expire_at=when,
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    content = draft_content(page)
    assert content["title"] == "Filed by the reporter"
    assert content["is_top_story"] is False
    assert content["display_published_at"] is None
    assert content["display_modified_at"] is None
    assert content["go_live_at"] is None
    assert content["expire_at"] is None
    page = fresh(page)
    assert not page.live and page.go_live_at is None and not page.is_top_story


def test_reporter_does_not_see_the_restricted_fields(client, desk):
    client.force_login(desk["users"][REPORTER])
    html = client.get(edit_url(desk["drafts"]["own"])).content.decode()
    for name in ("is_top_story", "display_published_at", "go_live_at"):
        assert f'name="{name}"' not in html
    client.force_login(desk["users"][CHIEF])
    html = client.get(edit_url(desk["drafts"]["own"])).content.decode()
    for name in ("is_top_story", "display_published_at", "go_live_at"):
        assert f'name="{name}"' in html


def test_a_sub_editor_keeps_a_top_story_they_may_not_change(client, desk):
    """Fields left out of the form keep their value: an edit by someone without
    the right neither sets nor clears them."""
    match = desk["match"]
    assert match.is_top_story
    client.force_login(desk["users"][SUB])
    data = edit_form(match, title="Subbed headline")
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": str(match.bylines.get().pk),
            "bylines-0-author": str(desk["nadia"].pk),
            "bylines-0-ORDER": "1",
            "bylines-0-DELETE": "",
        }
    )
    response = client.post(edit_url(match), data)
    assert response.status_code == 302, response.content[:2000]
    content = draft_content(match)
    assert content["title"] == "Subbed headline"
    assert content["is_top_story"] is True


# -- the service and the command -------------------------------------------------------


def test_roles_are_idempotent(newsroom):
    groups, changes = roles.ensure_roles(["sports"])
    assert changes > 0
    assert set(roles.ROLES) | {"Section editor: Sports"} <= set(groups)
    assert roles.ensure_roles(["sports"])[1] == 0


def test_setup_roles_command(newsroom, capsys):
    call_command("setup_roles", "--section-editor", "sports")
    assert "permission(s) changed" in capsys.readouterr().out
    call_command("setup_roles", "--section-editor", "sports")
    assert "already up to date" in capsys.readouterr().out
    group = Group.objects.get(name="Section editor: Sports")
    assert {p.page_id for p in group.page_permissions.all()} == {newsroom["sports"].pk}


def test_setup_roles_rejects_an_unknown_section(newsroom):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("setup_roles", "--section-editor", "no-such-desk")


def test_new_sections_are_covered_on_the_next_run(newsroom):
    roles.ensure_roles()
    politics = factories.make_section(newsroom["home"], "Politics")
    assert roles.ensure_roles()[1] > 0
    reporter = Group.objects.get(name=roles.REPORTER)
    assert reporter.page_permissions.filter(page=politics).exists()
