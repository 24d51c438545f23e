"""The admin's picture form: Wagtail's, free of control characters in the title,
caption, credit and alt text (they would break feeds and JSON-LD)."""

from wagtail.images.forms import BaseImageForm

from masthead.core.forms import ControlFreeMixin


class ImageForm(ControlFreeMixin, BaseImageForm):
    pass
