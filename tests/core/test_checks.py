import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_mistyped_trusted_proxy_is_reported(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "proxy.local"]
    with pytest.raises(SystemCheckError, match="proxy.local"):
        call_command("check")
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    call_command("check")
