"""Draft → sub-editing → publish approval, with comments between editors."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Comment, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsroom import roles
from masthead.newsroom.models import ArticlePage

from .. import factories
from .test_admin_editing import article_form, edit_url, paragraph

GROUPS = {
    "reporter": roles.REPORTER,
    "sub": roles.SUB_EDITOR,
    "sports_desk": "Section editor: Sports",
    "economy_desk": "Section editor: Economy",
    "chief": roles.CHIEF_EDITOR,
    "moderator": roles.MODERATOR,
}


@pytest.fixture
def newsdesk(newsroom, django_user_model):
    roles.ensure_roles(["sports", "economy"])
    users = {}
    for key, group in GROUPS.items():
        user = django_user_model.objects.create_user(key, f"{key}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group))
        users[key] = user
    draft = factories.make_article(
        newsroom["sports"],
        "Tigers win in Sylhet",
        owner=users["reporter"],
        publish=False,
        image=False,
    )
    draft.save_revision(user=users["reporter"])
    return {**newsroom, "users": users, "draft": draft}


def login(client, desk, key):
    client.force_login(desk["users"][key])


def submit(client, page, **extra):
    data = article_form(page.title, page.slug, body=[paragraph("<p>Copy.</p>")])
    data.update(extra)
    return client.post(edit_url(page), {**data, "action-submit": "action-submit"})


def state(page) -> WorkflowState:
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def act(client, page, action, comment=""):
    task_state = state(page).current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]
    )
    return client.post(url, {"comment": comment} if comment else {})


def current_task(page) -> str:
    return state(page).current_task_state.task.name


def test_the_desk_workflows_are_in_place_and_idempotent(newsdesk):
    sports = newsdesk["sports"]
    assert sports.get_workflow().name == "Newsroom review: Sports"
    assert newsdesk["economy"].get_workflow().name == "Newsroom review: Economy"
    tasks = [t.name for t in sports.get_workflow().tasks]
    assert tasks == ["Sub-editing", "Publish approval: Sports"]
    assert roles.ensure_workflows() == 0


def test_a_story_goes_from_reporter_to_sub_to_desk_to_live(newsdesk, client):
    page = newsdesk["draft"]
    login(client, newsdesk, "reporter")
    response = submit(client, page)
    assert response.status_code == 302, response.content[:2000]
    assert current_task(page) == "Sub-editing"
    # The reporter cannot approve their own story; nor can a moderator.
    assert act(client, page, "approve").status_code in (302, 403)
    assert current_task(page) == "Sub-editing"
    login(client, newsdesk, "moderator")
    assert act(client, page, "approve").status_code in (302, 403)
    assert current_task(page) == "Sub-editing"

    login(client, newsdesk, "sub")
    assert act(client, page, "approve", "Tightened the intro.").status_code == 302
    assert current_task(page) == "Publish approval: Sports"
    assert not ArticlePage.objects.get(pk=page.pk).live
    # A sub-editor does not publish; another desk's editor cannot either.
    assert act(client, page, "approve").status_code in (302, 403)
    login(client, newsdesk, "economy_desk")
    assert act(client, page, "approve").status_code in (302, 403)
    assert current_task(page) == "Publish approval: Sports"
    assert not ArticlePage.objects.get(pk=page.pk).live

    login(client, newsdesk, "sports_desk")
    assert act(client, page, "approve").status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert client.get(page.url).status_code == 200


def test_a_sub_editor_can_send_a_story_back(newsdesk, client):
    page = newsdesk["draft"]
    login(client, newsdesk, "reporter")
    submit(client, page)
    login(client, newsdesk, "sub")
    assert act(client, page, "reject", "Needs a second source.").status_code == 302
    workflow_state = WorkflowState.objects.get(object_id=str(page.pk))
    assert workflow_state.status == "needs_changes"
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_editors_leave_comments_on_the_draft(newsdesk, client):
    page = newsdesk["draft"]
    login(client, newsdesk, "reporter")
    data = article_form(page.title, page.slug, body=[paragraph("<p>Copy.</p>")])
    data.update(
        nested_form_data(
            {
                "comments": inline_formset(
                    [
                        {
                            "contentpath": "title",
                            "text": "Is the score final? <script>x</script>",
                            "replies": inline_formset([]),
                        }
                    ]
                )
            }
        )
    )
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content[:2000]
    comment = Comment.objects.get(page=page)
    assert comment.user == newsdesk["users"]["reporter"]
    login(client, newsdesk, "sub")
    edit = client.get(edit_url(page)).content.decode()
    assert "Is the score final?" in edit
    assert "<script>x</script>" not in edit


def test_a_reporter_previews_their_own_draft_but_not_a_colleagues(
    newsdesk, client, django_user_model
):
    page = newsdesk["draft"]
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = article_form(page.title, page.slug, body=[paragraph("<p>Preview me.</p>")])
    login(client, newsdesk, "reporter")
    assert client.post(preview, data).status_code == 200
    shown = client.get(preview)
    assert shown.status_code == 200 and b"Preview me." in shown.content
    other = django_user_model.objects.create_user("other", "o@example.com", "pw")
    other.groups.add(Group.objects.get(name=roles.REPORTER))
    client.force_login(other)
    assert client.post(preview, data).status_code in (302, 403)
    assert client.get(preview).status_code in (302, 403)
