"""The 500 page renders with no request, context or database."""

from django.template import loader
from django.test import RequestFactory
from django.views.defaults import server_error


def test_500_needs_no_database():
    # No django_db mark: any query here would fail the test.
    html = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in html
    assert '<html lang="en">' in html
    response = server_error(RequestFactory().get("/boom/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
