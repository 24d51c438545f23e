"""Words are found whole, in both languages, on both database legs."""

from masthead.search.selectors import Filters, search
from tests import factories


def found(query, **filters):
    return set(search(query, Filters(**filters)).ids)


def test_bengali_words_with_vowel_signs_and_conjuncts_find_exactly_their_stories(
    bangla,
):
    assert found("নির্বাচন") == {bangla["election"].pk}
    assert found("শিক্ষার্থী") == {bangla["students"].pk}
    assert found("চালের") == {bangla["other"].pk}


def test_a_bengali_word_occurring_nowhere_finds_nothing(bangla):
    # Fragments of indexed words (the old tokenizer split at vowel signs).
    for word in ("নরবচন", "নর্বাচ", "শক্ষার্থী", "কমশন", "ন", "চন"):
        assert found(word) == set(), word


def test_joiners_and_decomposed_nukta_are_the_same_word(bangla):
    assert found("র্যাব") == {bangla["students"].pk}
    assert found("র\u200d্যাব") == {bangla["students"].pk}
    # য় written as য + nukta (NFC) and as the precomposed letter.
    assert found("মোতা\u09df\u09c7ন") == {bangla["students"].pk}
    assert found("মোতা\u09af\u09bc\u09c7ন") == {bangla["students"].pk}


def test_english_stemming_finds_every_form(db, committed):
    economy = factories.make_section(factories.english_home(), "Economy")
    with committed():
        imposed = factories.make_article(
            economy, "Sanctions imposed on exporters", image=False
        )
        lifted = factories.make_article(
            economy,
            "Board lifts sanction",
            standfirst="A sanctioned firm.",
            image=False,
        )
    for word in ("sanction", "sanctions", "sanctioned", "SANCTIONS"):
        assert found(word) == {imposed.pk, lifted.pk}, word
    assert found("sanction exporters") == {imposed.pk}


def test_a_bengali_word_finds_its_inflected_forms_not_other_words(bangla):
    """নির্বাচন finds নির্বাচনের, চাল finds চালের, কমিশন finds কমিশনের: a
    reader types the plain word, stories carry it with case endings. A
    derived word is another word: শিক্ষা (education) is not শিক্ষার্থী."""
    assert found("চাল") == {bangla["other"].pk}
    assert found("কমিশন") == {bangla["election"].pk}
    assert found("শিক্ষা") == {bangla["other"].pk}
    assert found("শিক্ষার্থী") == {bangla["students"].pk}
    # Written with an ending, a word is that form only.
    assert found("নির্বাচনের") == set()


def test_inflected_forms_light_up_in_the_snippet():
    from masthead.search.text import snippet

    marked = snippet("আগামী নির্বাচনের তফসিল ঘোষণা, নির্বাচনী প্রচার শুরু।", ["নির্বাচন"])
    assert "<mark>নির্বাচনের</mark>" in marked
    # নির্বাচনী (electoral) is a derived word, not an inflection.
    assert "<mark>নির্বাচনী</mark>" not in marked
