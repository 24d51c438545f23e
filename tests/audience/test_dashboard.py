"""The audience dashboard in the admin: sub-editors and above."""

import time

import pytest
from django.contrib.auth.models import Group

from masthead.audience import spool, store
from masthead.newsroom import roles

URL = "/admin/audience/"


@pytest.fixture
def people(newsroom, django_user_model):
    roles.ensure_roles(["sports"])
    users = {}
    for role in (
        roles.REPORTER,
        roles.SUB_EDITOR,
        "Section editor: Sports",
        roles.CHIEF_EDITOR,
        roles.MODERATOR,
    ):
        user = django_user_model.objects.create_user(role, f"{len(users)}@x.org", "pw")
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def counts(newsroom):
    now = time.time()
    lead, match = newsroom["lead"].pk, newsroom["match"].pk
    beacons = [spool.Beacon(now - 60, "v", lead, f"r{i}", f"a{i}") for i in range(6)]
    beacons += [spool.Beacon(now - 60, "r", lead, f"r{i}", f"a{i}") for i in range(3)]
    beacons += [
        spool.Beacon(now - 7200, "v", match, f"m{i}", f"m{i}") for i in range(2)
    ]
    store.get_store().apply("seg", beacons)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (roles.REPORTER, False),
        (roles.MODERATOR, False),
        (roles.SUB_EDITOR, True),
        ("Section editor: Sports", True),
        (roles.CHIEF_EDITOR, True),
    ],
)
def test_who_may_see_the_dashboard(client, people, newsroom, role, allowed):
    counts(newsroom)
    client.force_login(people[role])
    response = client.get(URL)
    # Wagtail's admin answers a refusal by sending the user back to the
    # dashboard with "Sorry, you do not have permission" (a 302, not a 403).
    assert response.status_code == (200 if allowed else 302)
    assert (newsroom["lead"].title in response.content.decode()) == allowed
    menu = client.get("/admin/").content.decode()
    assert (URL in menu) == allowed


def test_top_stories_with_views_reads_and_a_sparkline(client, people, newsroom):
    counts(newsroom)
    client.force_login(people[roles.SUB_EDITOR])
    html = client.get(URL + "?window=24h").content.decode()
    assert html.index(newsroom["lead"].title) < html.index(newsroom["match"].title)
    assert "<td>6</td>" in html and "<td>3</td>" in html and "50%" in html
    assert 'role="img"' in html and "Views per hour, oldest first" in html
    # The last hour leaves the story viewed two hours ago out.
    html = client.get(URL + "?window=1h").content.decode()
    assert newsroom["lead"].title in html and newsroom["match"].title not in html
    # By section.
    sports = newsroom["sports"].pk
    html = client.get(f"{URL}?section={sports}").content.decode()
    assert newsroom["match"].title in html and newsroom["lead"].title not in html


def test_garbage_parameters_show_the_default_view(client, people, newsroom):
    client.force_login(people[roles.CHIEF_EDITOR])
    for query in ("window=<x>", "section=abc", "section=999999", "edition=zz", "by=1"):
        assert client.get(f"{URL}?{query}").status_code == 200
