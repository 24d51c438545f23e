"""Strangers' query strings and ids: always a 4xx with a JSON message."""

from urllib.parse import quote

import pytest

LONG = "a" * 10_000
SQL = "' OR 1=1; DROP TABLE wagtailcore_page; --"
XSS = "<script>alert(1)</script>"

BAD_LIST_QUERIES = [
    # (query string, parameter named in the message)
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=-1", "limit"),
    ("limit=abc", "limit"),
    ("limit=1.5", "limit"),
    ("limit=" + "9" * 40, "limit"),
    ("page=0", "page"),
    ("page=-3", "page"),
    ("page=two", "page"),
    ("page=10001", "page"),
    ("page=" + "9" * 40, "page"),
    ("since=yesterday", "since"),
    ("since=2024-13-01", "since"),
    ("since=2024-02-30T10:00:00", "since"),
    ("since=0001-01-01T00:00:00", "since"),
    ("since=9999-12-31T23:59:59", "since"),
    ("since=2024-01-01T00:00:00%00", "since"),
    ("since=1e308", "since"),
    ("since=" + LONG, "since"),
    ("since=" + quote(SQL), "since"),
    ("kind=gossip", "kind"),
    ("kind=" + quote(XSS), "kind"),
    ("edition=fr", "edition"),
    ("lang=xx", "lang"),
    ("edition=" + quote(SQL), "edition"),
]
for _param in ("section", "tag", "author"):
    BAD_LIST_QUERIES += [
        (f"{_param}=" + quote(SQL), _param),
        (f"{_param}=" + quote(XSS), _param),
        (f"{_param}=a%00b", _param),
        (f"{_param}=%00", _param),
        (f"{_param}=" + "a" * 256, _param),
        (f"{_param}=" + LONG, _param),
        (f"{_param}=..%2F..%2Fetc%2Fpasswd", _param),
        (f"{_param}=a%20b", _param),
    ]


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert message and isinstance(message, str)
    return response.json()


@pytest.mark.parametrize(("query", "param"), BAD_LIST_QUERIES)
def test_bad_list_parameters_are_400_naming_the_parameter(
    client, newsroom, query, param
):
    body = assert_json_error(client.get("/api/v1/articles?" + query), 400)
    assert param in body["message"]
    assert [e["param"] for e in body["errors"]] == [param]
    assert "<script>" not in body["message"]
    assert "private" in client.get("/api/v1/articles?" + query)["Cache-Control"]


def test_several_bad_parameters_are_all_named(client, db):
    body = assert_json_error(client.get("/api/v1/articles?limit=0&since=x"), 400)
    assert sorted(e["param"] for e in body["errors"]) == ["limit", "since"]


@pytest.mark.parametrize(
    "article_id",
    [
        "abc",
        "0",
        "-1",
        "1.5",
        "9" * 40,
        "9223372036854775808",
        "%00",
        "1%27%20OR%201=1",
    ],
)
def test_bad_article_ids_are_400(client, db, article_id):
    body = assert_json_error(client.get(f"/api/v1/articles/{article_id}"), 400)
    assert body["errors"][0]["param"] == "article_id"


def test_largest_id_is_a_plain_404(client, db):
    assert_json_error(client.get("/api/v1/articles/9223372036854775807"), 404)


@pytest.mark.parametrize("query", ["edition=fr", "lang=" + quote(XSS), "edition=%00"])
def test_bad_section_parameters(client, db, query):
    assert_json_error(client.get("/api/v1/sections?" + query), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v1/articles/1/extra",
        "/api/v1/" + quote(XSS),
        "/api/v1/" + LONG,
        "/api/v1/articles/",
    ],
)
def test_unknown_endpoints_are_json_404(client, db, path):
    assert_json_error(client.get(path), 404)


def test_writes_are_refused(client, newsroom):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v1/articles").status_code == 405
    assert client.post(f"/api/v1/articles/{newsroom['lead'].pk}").status_code == 405


def test_valid_but_unusual_slugs_are_looked_up(client, db):
    # Bangla and underscores are slug characters: unknown, so a 404, not a 400.
    for slug in ("অর্থনীতি", "under_score", "x" * 255):
        response = client.get("/api/v1/articles?tag=" + quote(slug))
        assert_json_error(response, 404)


CONTROLS = ["%01", "%07", "%0B", "%1B", "%1F", "%7F"]


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize(
    "template",
    [
        "section=sp{c}orts",
        "tag=crick{c}et",
        "author=nadia{c}-islam",
        "since=2024-01-01T00:00:00{c}",
        "since={c}2024-01-01",
        "edition=en{c}",
        "lang={c}bn",
        "kind=news{c}",
        "uri=urn:test:{c}story",
        "limit=1{c}",
        "page={c}2",
    ],
)
def test_control_characters_in_parameters_are_400(client, newsroom, template, control):
    query = template.format(c=control)
    param = template.split("=", 1)[0]
    body = assert_json_error(client.get("/api/v1/articles?" + query), 400)
    assert [e["param"] for e in body["errors"]] == [param]


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_in_section_parameters_are_400(client, db, control):
    assert_json_error(client.get(f"/api/v1/sections?edition=en{control}"), 400)


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_in_an_article_id_are_refused_or_ignored(
    client, db, control
):
    # A 400, or (trailing whitespace) the plain 404 of article 1: never a 500.
    response = client.get(f"/api/v1/articles/1{control}")
    assert_json_error(response, response.status_code)
    assert response.status_code in (400, 404)
