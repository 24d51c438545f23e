"""The blocks an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .richtext import SanitizedRichTextBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"


class InlineImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=_("Caption"), required=False, help_text=_("Defaults to the image's.")
    )
    credit = blocks.CharBlock(
        label=_("Credit"), required=False, help_text=_("Defaults to the image's.")
    )

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("URL (YouTube, X, Facebook, …)"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"


class RelatedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Story"), required=False)
    url = blocks.URLBlock(label=_("Or an external link"), required=False)
    title = blocks.CharBlock(label=_("Title"), required=False)


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default=_("Read more"))
    links = blocks.ListBlock(RelatedLinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "components/blocks/related_links.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = SanitizedRichTextBlock(label=_("Paragraph"))
    subhead = blocks.CharBlock(
        label=_("Subhead"), icon="title", template="components/blocks/subhead.html"
    )
    quote = QuoteBlock(label=_("Quote"))
    image = InlineImageBlock(label=_("Image"))
    embed = EmbedWithCaptionBlock(label=_("Embed"))
    related_links = RelatedLinksBlock(label=_("Related links"))
