import pytest

from tests import factories


@pytest.fixture
def desk(db):
    """Both editions with a wire section each."""
    english = factories.english_home()
    bangla = factories.bangla_home()
    return {
        "en": factories.make_section(english, "World+Biz", slug="world-biz"),
        "en_other": factories.make_section(english, "Sports"),
        "bn": factories.make_section(bangla, "আন্তর্জাতিক", slug="world-biz"),
    }
