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

from masthead.core.forms import ControlFreePageForm

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

    def clean(self):
        cleaned = super().clean()
        self._refuse_picking_itself()
        return cleaned

    def _refuse_picking_itself(self) -> None:
        """A related-story pick of the story itself (a crafted POST: the
        chooser would not offer it). The inline forms do not know their
        story while they validate, so the page form checks."""
        picks = getattr(self, "formsets", {}).get("related_picks")
        if picks is None or not self.instance.pk:
            return
        for form in picks.forms:
            if not form.is_valid():
                continue
            story = form.cleaned_data.get("story")
            if story is not None and story.pk == self.instance.pk:
                form.add_error(
                    "story", ValidationError(_("A story cannot be related to itself."))
                )
