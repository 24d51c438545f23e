"""An English newsroom with stories on known days, in Asia/Dhaka (UTC+6)."""

from datetime import UTC, datetime

import pytest

from tests import factories


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def archive(db):
    """Stories either side of Dhaka's midnight between 29 and 30 March 2025,
    one in 2024, and one in the Banking subsection."""
    home = factories.english_home()
    economy = factories.make_section(home, "Economy")
    banking = factories.make_section(economy, "Banking")
    sports = factories.make_section(home, "Sports")
    return {
        "home": home,
        "economy": economy,
        "banking": banking,
        "sports": sports,
        # 23:30 in Dhaka on the 29th.
        "late": factories.make_article(
            economy, "Late night budget talks", published_at=utc(2025, 3, 29, 17, 30)
        ),
        # 00:30 in Dhaka on the 30th, still the 29th in UTC.
        "early": factories.make_article(
            sports, "Early morning match report", published_at=utc(2025, 3, 29, 18, 30)
        ),
        "banking_story": factories.make_article(
            banking, "Banks open on Sunday", published_at=utc(2025, 3, 30, 6, 0)
        ),
        "old": factories.make_article(
            sports, "Last year's final", published_at=utc(2024, 7, 14, 10, 0)
        ),
    }
