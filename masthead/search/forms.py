"""The search page's filters, validated by a Django form: a bad value is a
message beside its field, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.newsroom.models import ArticleKind, Author, SectionPage
from masthead.newsroom.selectors import reader_visible

from .selectors import MAX_QUERY_CHARS, Filters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search stories"), required=False, max_length=10_000)
    section = forms.ChoiceField(label=_("Section"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *ArticleKind.choices],
    )
    author = forms.CharField(label=_("Author"), required=False, max_length=255)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, edition, **kwargs):
        data = data.copy()
        # `from`/`to` in the URL (a keyword in Python).
        for name in ("from", "to"):
            if name in data:
                data[f"date_{name}"] = data.pop(name)[-1]
        super().__init__(data, **kwargs)
        self.edition = edition
        self.sections = list(
            reader_visible(SectionPage.objects.live().child_of(edition))
            .order_by("path")
            .only("pk", "slug", "title")
        )
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.slug, section.title) for section in self.sections
        ]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_CHARS]

    def clean_author(self):
        slug = self.cleaned_data["author"].strip()
        if not slug:
            return None
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            raise forms.ValidationError(_("There is no such author."))
        return author

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def section_page(self):
        slug = self.cleaned_data.get("section")
        return next((s for s in self.sections if s.slug == slug), None)

    def filters(self) -> Filters:
        data = self.cleaned_data
        section = self.section_page()
        author = data.get("author")
        return Filters(
            locale_id=self.edition.locale_id,
            section_id=section.pk if section else None,
            kind=data.get("kind") or None,
            author_id=author.pk if author else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            zone=self.edition.time_zone,
        )
