"""Admin forms for newsroom pages."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

EMPTY_CONTENTSTATE = json.dumps({"blocks": [], "entityMap": {}})


class StandardPageForm(WagtailAdminPageForm):
    """The static page body arrives as the editor's JSON. Anything else (a
    crafted POST, a broken client) would crash the editor's converter: answer
    with a form error instead, and keep the stored page as it was."""

    def full_clean(self):
        name = self.add_prefix("body")
        raw = self.data.get(name)
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
