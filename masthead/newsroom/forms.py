"""Admin forms for newsroom pages and snippets.

Every form here strips C0 control characters (tab, newline and CR kept) from
what the editor posts, in every field and inline form (notes, bylines, stream
blocks), and again from the cleaned values (rich text decoded from the
editor's JSON): a control character in a headline would break the feeds,
which XML cannot carry it in.
"""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from masthead.core.text import strip_controls


def without_controls(data):
    """A copy of posted form data (a QueryDict or a dict) with every string
    value stripped of control characters."""
    if data is None:
        return None
    if hasattr(data, "getlist") and hasattr(data, "setlist"):
        clean = data.copy()
        for key in list(clean.keys()):
            values = clean.getlist(key)
            clean.setlist(
                key, [strip_controls(v) if isinstance(v, str) else v for v in values]
            )
        return clean
    return {
        key: strip_controls(value) if isinstance(value, str) else value
        for key, value in data.items()
    }


class ControlFreeMixin:
    """Strip control characters from the posted data (before any field, inline
    formset or stream block reads it) and from the cleaned values."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        self.posted_data = data  # as posted, for checks on the raw value
        super().__init__(without_controls(data), files, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                self.cleaned_data[name] = type(value)(strip_controls(value))
        return cleaned


class ControlFreePageForm(ControlFreeMixin, WagtailAdminPageForm):
    """The base form of every newsroom page type."""


class ControlFreeModelForm(ControlFreeMixin, WagtailAdminModelForm):
    """The base form of the newsroom's snippets (authors, agencies)."""


EMPTY_CONTENTSTATE = json.dumps({"blocks": [], "entityMap": {}})


class StandardPageForm(ControlFreePageForm):
    """The static page body arrives as the editor's JSON. Anything else (a
    crafted POST, a broken client) would crash the editor's converter: answer
    with a form error instead, and keep the stored page as it was."""

    def full_clean(self):
        name = self.add_prefix("body")
        # As posted: a body of control characters alone is unreadable, not empty.
        raw = (self.posted_data or self.data).get(name)
        readable = True
        if raw is not None:
            try:
                readable = raw == "" or isinstance(json.loads(raw), dict)
            except (TypeError, ValueError, RecursionError):
                readable = False
            if raw == "" or not readable:
                # Let the rest of the form validate against an empty body.
                data = self.data.copy()
                data[name] = EMPTY_CONTENTSTATE
                self.data = data
        super().full_clean()
        if not readable:
            self.add_error(
                "body",
                ValidationError(
                    _("This text could not be read. Please type or paste it again.")
                ),
            )


class ArticlePageForm(ControlFreePageForm):
    """Only someone who may publish the story may schedule it: for anyone else
    the publishing schedule (go_live_at, expire_at) is left out of the form, so
    a posted date is ignored and the draft keeps the schedule it had."""

    SCHEDULE_FIELDS = ("go_live_at", "expire_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.user_can_schedule():
            for name in self.SCHEDULE_FIELDS:
                self.fields.pop(name, None)

    def user_can_schedule(self) -> bool:
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        if self.parent_page is not None:
            perms = self.parent_page.permissions_for_user(self.for_user)
            return perms.can_publish_subpage()
        return False
