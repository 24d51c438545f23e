"""`{% picture %}` as Wagtail's, with its filters parsed once per template.

Wagtail's picture node builds its `Filter` objects on every render, and each
one then parses its spec again, inspecting the signature of every image
operation: about a tenth of a cold story render for the dozen pictures on the
page. The specs are written in the template, so the filters can be kept with
the compiled node.
"""

from django import template
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


@register.tag("picture")
def picture(parser, token):
    node = wagtailimages_tags.image(parser, token)
    filters = node.get_filters()
    node.get_filters = lambda: filters
    return node
