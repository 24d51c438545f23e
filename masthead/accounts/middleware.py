"""Sign-in security around every request.

SecurityHeadersMiddleware   Content-Security-Policy (django-csp) and
                            Permissions-Policy on every response: the reader
                            policy from settings, the admin one below.
EditorSessionMiddleware     idle timeout and absolute lifetime of a session.
TwoFactorMiddleware         the admin only after the second factor.
SecurityAuditMiddleware     throttles page passwords and password resets; logs
                            permission denials in the admin.
"""

from __future__ import annotations

import contextvars
import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from masthead.core.security_log import security_event

from . import twofactor
from .throttle import Throttle, client_ip

ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# The admin's policy. Wagtail 8 still renders inline <script> in form widgets
# (date pickers, InlinePanel) without access to the request, and its choosers
# load HTML fragments carrying inline scripts, so neither nonces nor hashes can
# cover them: 'unsafe-inline' for scripts and styles is confined to /admin/,
# which only signed-in staff reach and which is never cached or shared.
# Everything else stays as strict as the reader site's policy.
ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "frame-src": ["'self'", "https:"],
    "worker-src": ["'self'", "blob:"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


# The sign-in pages, the ones outsiders reach, need no inline code: they keep
# the strict policy even inside /admin/.
SIGN_IN_CSP = {**ADMIN_CSP, "script-src": ["'self'"], "style-src": ["'self'"]}
SIGN_IN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "masthead_2fa_verify",
    "masthead_2fa_enrol",
}


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware choosing the admin policy under /admin/, plus
    Permissions-Policy. Reader pages never get a nonce: they are cached and
    shared (core.hotcache keeps these headers with the page)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            match = getattr(request, "resolver_match", None)
            if match is not None and match.url_name in SIGN_IN_VIEWS:
                parts.config = SIGN_IN_CSP
            else:
                parts.config = ADMIN_CSP
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        policy = getattr(settings, "MASTHEAD_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


# -- sessions -----------------------------------------------------------------

LOGIN_AT = "masthead_login_at"
SEEN_AT = "masthead_seen_at"
SEEN_RESOLUTION = 60  # seconds: write the session at most once a minute


def mark_signed_in(session) -> None:
    now = time.time()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


class EditorSessionMiddleware:
    """Ends a signed-in session after MASTHEAD_SESSION_IDLE seconds without a
    request, or MASTHEAD_SESSION_MAX_AGE seconds after sign-in. Requests
    without a session cookie (readers) are not touched: they stay cookie-free
    and cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            expired = self._check(request)
            if expired is not None:
                return expired
        return self.get_response(request)

    def _check(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        session = request.session
        now = time.time()
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            mark_signed_in(session)
            return None
        if now - login_at > settings.MASTHEAD_SESSION_MAX_AGE:
            reason = "max_age"
        elif now - seen_at > settings.MASTHEAD_SESSION_IDLE:
            reason = "idle"
        else:
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
            return None
        username = user.get_username()
        auth.logout(request)
        security_event(
            "session.expired",
            level=logging.INFO,
            user=username,
            reason=reason,
            ip=client_ip(request),
        )
        if request.path_info.startswith(ADMIN_PREFIXES):
            messages.info(request, _("Your session has expired. Please sign in again."))
            return redirect_to_login(
                request.get_full_path(), reverse("wagtailadmin_login")
            )
        return None


# -- two-factor ---------------------------------------------------------------

TWO_FACTOR_EXEMPT = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "masthead_2fa_verify",
    "masthead_2fa_enrol",
}


class TwoFactorMiddleware(MiddlewareMixin):
    """In the admin, a signed-in user who has an authenticator must enter a
    code first; one who must have one (MASTHEAD_2FA_REQUIRED and can publish)
    but has none is sent to set one up. Reader pages are not affected."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PREFIXES):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_EXEMPT:
            return None
        if twofactor.has_device(user):
            target = "masthead_2fa_verify"
        elif twofactor.requires_2fa(user):
            target = "masthead_2fa_enrol"
        else:
            return None
        if request.method == "GET":
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return redirect(target)


# -- throttles and audit --------------------------------------------------------

# Who is acting, for signal handlers that log role changes.
current_actor: contextvars.ContextVar = contextvars.ContextVar(
    "masthead_current_actor", default=None
)


def throttled_response(request, message):
    return render(request, "accounts/throttled.html", {"message": message}, status=429)


class SecurityAuditMiddleware(MiddlewareMixin):
    def __call__(self, request):
        token = current_actor.set(request)
        try:
            response = super().__call__(request)
        finally:
            current_actor.reset(token)
        if request.path_info.startswith(ADMIN_PREFIXES) and self._denied(
            request, response
        ):
            user = getattr(request, "user", None)
            security_event(
                "permission.denied",
                user=user.get_username() if user is not None else "",
                path=request.path_info,
                method=request.method,
                status=response.status_code,
                ip=client_ip(request),
            )
        return response

    @staticmethod
    def _denied(request, response) -> bool:
        if response.status_code == 403:
            return True
        # Wagtail answers most denials with a redirect and this message.
        storage = getattr(request, "_messages", None)
        queued = getattr(storage, "_queued_messages", ()) if storage else ()
        text = _("Sorry, you do not have permission to access this area.")
        return any(text in str(message.message) for message in queued)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.url_name
        if name == "wagtailcore_authenticate_with_password":
            return self._page_password(request, view_func, view_args, view_kwargs)
        if name == "wagtailadmin_password_reset":
            return self._password_reset(request)
        return None

    def _page_password(self, request, view_func, view_args, view_kwargs):
        throttle = Throttle("page_password")
        ip = client_ip(request)
        page_id = view_kwargs.get("page_id", "")
        if throttle.blocked(ip, page_id):
            security_event("throttled", scope="page_password", page=page_id, ip=ip)
            return throttled_response(
                request,
                _("Too many wrong passwords for this page. Please try again later."),
            )
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200:  # the form again: a wrong password
            count = throttle.hit(ip, page_id)
            security_event("page_password.failed", page=page_id, ip=ip, failures=count)
            if count >= throttle.limit:
                security_event("lockout", scope="page_password", page=page_id, ip=ip)
        return response

    def _password_reset(self, request):
        ip = client_ip(request)
        email = request.POST.get("email", "").strip().lower()[:254]
        by_ip, by_email = (
            Throttle("password_reset_ip"),
            Throttle("password_reset_email"),
        )
        if by_ip.blocked(ip) or (email and by_email.blocked(email)):
            security_event("throttled", scope="password_reset", email=email, ip=ip)
            return throttled_response(
                request,
                _("Too many password reset requests. Please try again later."),
            )
        by_ip.hit(ip)
        if email:
            by_email.hit(email)
        return None
