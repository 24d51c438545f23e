"""Form behaviour shared by every admin form that takes text from editors."""

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
    """The base form of every page type."""


class ControlFreeModelForm(ControlFreeMixin, WagtailAdminModelForm):
    """The base form of snippets and settings (authors, agencies, newsroom)."""
