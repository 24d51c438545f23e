"""Configuration mistakes reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def data_dir_check(app_configs, **kwargs):
    errors = []
    data_dir = settings.DATA_DIR
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        errors.append(
            Error(
                f"MASTHEAD_DATA_DIR {data_dir} cannot be created: {exc}",
                hint="Point MASTHEAD_DATA_DIR at a writable folder.",
                id="masthead.E001",
            )
        )
    if (
        not settings.DEBUG
        and "*" in settings.ALLOWED_HOSTS
        and not getattr(settings, "TESTING", False)
    ):
        errors.append(
            Warning(
                "MASTHEAD_ALLOWED_HOSTS allows any host.",
                hint="List the site's host names, comma-separated.",
                id="masthead.W001",
            )
        )
    return errors


@register()
def trusted_proxies_check(app_configs, **kwargs):
    import ipaddress

    errors = []
    for entry in getattr(settings, "MASTHEAD_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"MASTHEAD_TRUSTED_PROXIES: {entry!r} is not an IP address "
                    "or network.",
                    hint="List proxy addresses or CIDRs, comma-separated, "
                    "e.g. 127.0.0.1,10.0.0.0/8.",
                    id="masthead.E002",
                )
            )
    return errors


@register()
def purge_url_check(app_configs, **kwargs):
    from urllib.parse import urlsplit

    url = getattr(settings, "MASTHEAD_PURGE_URL", "")
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        Error(
            f"MASTHEAD_PURGE_URL: {url!r} is not an http(s) URL.",
            hint="Give the purge endpoint of the cache in front, e.g. "
            "http://127.0.0.1:6081/.",
            id="masthead.E003",
        )
    ]
