"""Admin forms of the front page's curation."""

from __future__ import annotations

from masthead.core.forms import ControlFreeModelForm

from .models import top_story_pick_errors


class TopStoriesForm(ControlFreeModelForm):
    """An edition's Top Stories: each problem is shown on the pick it is
    about (wrong edition, twice picked, expiry passed), never as a 500."""

    def __init__(self, data=None, *args, **kwargs):
        # Wagtail's page chooser looks up whatever id was posted when the
        # form is shown again with its errors: a non-number would be a 500.
        # Cleared, it is the pick's "required" error instead.
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                if key.startswith("picks-") and key.endswith("-story"):
                    value = str(data.get(key) or "")
                    if not (value.isascii() and value.isdigit() and len(value) < 19):
                        data[key] = ""
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("picks")
        edition = cleaned.get("edition")
        if formset is None or edition is None or not formset.is_valid():
            return cleaned
        forms = [form for form in formset.ordered_forms if form.instance.story_id]
        for index, field, message in top_story_pick_errors(
            edition, [form.instance for form in forms]
        ):
            if index is None or index >= len(forms):
                self.add_error(None, message)
            else:
                forms[index].add_error(field, message)
        return cleaned

    def is_valid(self):
        # Errors added to a pick's form after its formset was validated are
        # not seen by the formset's cached verdict.
        valid = super().is_valid()
        formset = self.formsets.get("picks")
        return valid and not (
            formset is not None and any(form.errors for form in formset.forms)
        )
