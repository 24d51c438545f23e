"""Rich text that limited editors and wire copy cannot use to inject script.

Wagtail's editor already converts what it receives into its own whitelisted
format; nh3 runs again when the value is cleaned and when it is rendered, so
values that arrive another way (API, import, a crafted POST) are held to the
same rules. Control characters (which no feed can carry) are stripped too.
"""

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.rich_text import RichText

from masthead.core.text import strip_controls

# The features an article body may use, in Wagtail's feature names.
ARTICLE_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "sup",
    "sub",
    "h2",
    "h3",
    "h4",
    "blockquote",
}
# Stored rich text keeps Wagtail's internal link references (<a linktype="page"
# id="3">); rendered HTML has them expanded to hrefs, so it keeps neither: an
# `id` there could only clobber the page's own element ids.
STORED_ATTRIBUTES = {"a": {"href", "title", "linktype", "id"}}
RENDERED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str, *, rendered: bool = False) -> str:
    """Return `html` reduced to the tags an article body allows. `rendered`
    for HTML on its way to a reader (internal links already expanded)."""
    return nh3.clean(
        strip_controls(html or ""),
        tags=ALLOWED_TAGS,
        attributes=RENDERED_ATTRIBUTES if rendered else STORED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class UnreadableRichText(RichText):
    """A paragraph whose submitted editor data could not be read."""

    def __init__(self):
        super().__init__("")


class SanitizedRichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ARTICLE_FEATURES)
        super().__init__(**kwargs)

    def value_from_datadict(self, data, files, prefix):
        # The editor posts Draftail's JSON. Anything else (a crafted POST, a
        # broken client) is a form error for the editor, not a 500.
        try:
            return super().value_from_datadict(data, files, prefix)
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            IndexError,
            RecursionError,
        ):
            return UnreadableRichText()

    def clean(self, value):
        if isinstance(value, UnreadableRichText):
            raise ValidationError(
                _("This text could not be read. Please type or paste it again.")
            )
        value = super().clean(value)
        return RichText(sanitize_html(value.source))

    def render_basic(self, value, context=None):
        html = str(super().render_basic(value, context))
        return mark_safe(sanitize_html(html, rendered=True))  # noqa: S308

    class Meta:
        icon = "pilcrow"
