import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_mistyped_trusted_proxy_is_reported(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "proxy.local"]
    with pytest.raises(SystemCheckError, match="proxy.local"):
        call_command("check")
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    call_command("check")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://cache/", "varnish:6081", "http://"]
)
def test_a_purge_url_that_is_not_http_is_reported(settings, url):
    from masthead.core.checks import purge_url_check

    settings.MASTHEAD_PURGE_URL = url
    assert [error.id for error in purge_url_check(None)] == ["masthead.E003"]


def test_an_http_purge_url_passes(settings):
    from masthead.core.checks import purge_url_check

    settings.MASTHEAD_PURGE_URL = "http://127.0.0.1:6081/"
    assert purge_url_check(None) == []
