"""Hostile archive addresses and `?date=` / `?page=` values: a 404, a redirect
or a clear message, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/archive/2025/13/",
        "/archive/2025/00/",
        "/archive/0/",
        "/archive/0000/",
        "/archive/99999/",
        "/archive/9" * 1 + "9" * 5000 + "/",
        "/archive/2025/02/30/",
        "/archive/2025/02/29/",
        "/archive/2025/03/32/",
        "/archive/2025/03/00/",
        "/archive/2025/003/",
        "/archive/2023/",  # before the first story
        "/archive/2024/06/",
        "/archive/2024/07/13/",
        "/archive/2099/",  # the future
        "/archive/2099/01/01/",
        "/archive/-1/",
        "/archive/২০২৫/",  # Bengali digits are not the canonical address
        "/archive/2025/03/30/extra/",
        "/nowhere/archive/2025/",
        "/" + "a/" * 500 + "archive/",
        "/economy/archive/2025/02/30/",
    ],
)
def test_a_date_that_is_not_in_the_archive_is_a_404(client, archive, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/archive/2025/3/", "/archive/2025/03/"),
        ("/archive/2025/3/9/", "/archive/2025/03/09/"),
        ("/economy/archive/2025/3/30/", "/economy/archive/2025/03/30/"),
    ],
)
def test_an_unpadded_date_redirects_to_its_canonical_address(
    client, archive, path, canonical
):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_the_date_picker_jumps_to_the_day(client, archive):
    response = client.get("/archive/", {"date": "2025-03-29"})
    assert response.status_code == 302
    assert response["Location"] == "/archive/2025/03/29/"
    response = client.get("/economy/archive/2025/", {"date": "2025-03-30"})
    assert response["Location"] == "/economy/archive/2025/03/30/"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("garbage", "Enter a valid date."),
        ("", "This field is required."),
        ("2025-02-30", "Enter a valid date."),
        ("30/03/2025", "Enter a valid date."),
        ("2025-03-30\x00", "Enter a valid date."),
        ("2025-03-30' OR 1=1 --", "Enter a valid date."),
        ("9" * 10000, "Enter a valid date."),
        ("2001-01-01", "Choose a date from 14 July 2024 to"),
        ("2099-01-01", "Choose a date from 14 July 2024 to"),
        ("<script>alert(1)</script>", "Enter a valid date."),
    ],
)
def test_a_bad_date_shows_the_archive_with_a_message(client, archive, value, message):
    response = client.get("/archive/2025/", {"date": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "<script>alert(1)" not in html


def test_a_date_picker_in_an_empty_archive_says_so(client, db):
    from tests import factories

    factories.english_home()
    response = client.get("/archive/", {"date": "2025-03-30"})
    assert response.status_code == 400
    assert "There are no stories in the archive yet." in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2", "99999999", "1e3", "1.0"])
def test_a_bad_page_of_a_day_is_a_404(client, archive, page):
    assert client.get("/archive/2025/03/30/", {"page": page}).status_code == 404


def test_page_one_and_an_empty_page_parameter_are_the_day(client, archive):
    for page in ["1", ""]:
        assert client.get("/archive/2025/03/30/", {"page": page}).status_code == 200
