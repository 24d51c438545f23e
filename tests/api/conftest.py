import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from .. import factories

EMBED_URL = "https://www.youtube.com/watch?v=masthead"


@pytest.fixture
def story(newsroom):
    """A story whose body uses every block type, with an internal link."""
    target = newsroom["match"]
    photo = factories.make_image("Inline photo", caption="Crowd at the ground")
    # Stored embed: rendering the body never goes to the network.
    Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/masthead"></iframe>',
    )
    return factories.make_article(
        newsroom["sports"],
        "Fans pack the stadium",
        authors=[newsroom["rahim"]],
        tags=["cricket", "fans"],
        kicker="Cricket",
        byline_text="Sports Desk",
        dateline="Chattogram",
        body=[
            (
                "paragraph",
                f'<p>Read <a linktype="page" id="{target.pk}">the match report</a>'
                ' and <a href="https://example.com/x">elsewhere</a>.</p>',
            ),
            ("subhead", "In the stands"),
            ("quote", {"text": "Loudest day ever.", "attribution": "A fan"}),
            ("image", {"image": photo, "caption": "", "credit": "Our photographer"}),
            ("embed", {"embed": EMBED_URL, "caption": "Highlights"}),
            (
                "related_links",
                {
                    "heading": "Read more",
                    "links": [
                        {"page": target, "url": "", "title": ""},
                        {"page": None, "url": "https://example.org/", "title": "Ext"},
                    ],
                },
            ),
        ],
    )
