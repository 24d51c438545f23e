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


def test_unknown_admin_addresses_answer_without_a_server_error(client, newsroom):
    # Found by a probe: a 404 under /admin/ rendered the site's 404 page
    # without its header and footer data and failed on the edition's time
    # zone (a 500). Now it is the admin's sign-in, or the site's 404.
    for path in ("/admin/x", "/admin/xyz/abc", "/admin/pages/x", "/admin/x/y/z/"):
        response = client.get(path, follow=True)
        assert response.status_code in (200, 404), path
        assert b"Sign in" in response.content or b"Page not found" in (
            response.content
        ), path
