"""The Related News ranking on its own (newsroom.related): no database."""

from datetime import UTC, datetime, timedelta

from masthead.newsroom.related import (
    RECENCY_FLOOR,
    idf,
    rank,
    recency,
    tag_scores,
)
from masthead.newsroom.similarity import text_scores, tokens

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_a_rare_shared_tag_beats_two_common_ones():
    stories = 10_000
    weights = {1: idf(6, stories), 2: idf(3000, stories), 3: idf(2500, stories)}
    times = {10: NOW, 11: NOW}
    scores = tag_scores({10: {1}, 11: {2, 3}}, weights, times, NOW)
    assert scores[10] > scores[11]
    assert [r.pk for r in rank(1, visible=times, tags=scores)] == [10, 11]


def test_a_tag_on_every_story_tells_nothing():
    assert idf(500, 500) == 0
    assert idf(0, 0) == 0  # an empty newsroom does not divide by zero


def test_closer_in_time_ranks_higher_but_never_drops_to_nothing():
    assert recency(timedelta(0)) == 1
    assert recency(timedelta(days=7)) < recency(timedelta(days=1))
    assert recency(-timedelta(days=3)) == recency(timedelta(days=3))
    assert recency(timedelta(days=3650)) >= RECENCY_FLOOR
    weights = {1: 2.0}
    times = {10: NOW - timedelta(days=20), 11: NOW - timedelta(hours=3)}
    scores = tag_scores({10: {1}, 11: {1}}, weights, times, NOW)
    assert scores[11] > scores[10]


def test_stories_readers_cannot_see_get_no_tag_score():
    scores = tag_scores({10: {1}, 11: {1}}, {1: 1.0}, {10: NOW}, NOW)
    assert list(scores) == [10]


def test_picks_come_first_in_their_order_then_tags_text_and_section():
    ranked = rank(
        1,
        picks=[30, 20],
        visible=[20, 30, 40],
        tags={40: 3.0, 41: 5.0},
        text={50: 0.4, 41: 0.9},
        section=[60, 30, 61],
    )
    assert [(r.pk, r.reason) for r in ranked] == [
        (30, "pick"),
        (20, "pick"),
        (41, "tags"),
        (40, "tags"),
        (50, "text"),
        (60, "section"),
        (61, "section"),
    ]


def test_never_the_story_itself_nor_an_invisible_pick_and_at_most_size():
    ranked = rank(
        1,
        picks=[1, 99, 2],
        visible=[1, 2],
        tags={1: 9.0, 3: 1.0},
        section=[1, 4, 5, 6],
        size=4,
    )
    assert [r.pk for r in ranked] == [2, 3, 4, 5]


def test_english_words_lose_stopwords_markup_and_numbers():
    body = (
        '[{"type": "paragraph", "value": "<p>The toll on the <b>Padma</b> '
        'bridge rose 20% in 2026.</p>", "id": "3f2a-9b"}]'
    )
    assert tokens(body) == ["toll", "padma", "bridge", "rose"]


def test_bengali_words_keep_their_vowel_signs_and_conjuncts():
    words = tokens("পদ্মা সেতুর টোল নিয়ে বিতর্ক, ২০২৪ সালে।")
    assert words == ["পদ্মা", "সেতুর", "টোল", "নিয়ে", "বিতর্ক", "সালে"]


def test_json_escaped_text_reads_as_the_words_it_encodes():
    # SQLite keeps the StreamField body as ASCII JSON.
    assert tokens('"\\u09aa\\u09a6\\u09cd\\u09ae\\u09be toll"') == ["পদ্মা", "toll"]


def test_the_most_similar_text_scores_highest():
    own = tokens("Padma bridge toll rise angers truckers at Mawa ferry ghat")
    documents = {
        1: tokens("Truckers protest Padma bridge toll at Mawa"),
        2: tokens("Cricket: Tigers win the series in Chattogram"),
        3: tokens("Government reviews Padma bridge toll"),
    }
    scores = text_scores(own, documents)
    assert scores[1] > scores[3] > scores.get(2, 0)
    assert 2 not in scores


def test_bengali_texts_are_compared_too():
    own = tokens("পদ্মা সেতুর টোল বাড়ানোয় ট্রাকচালকদের ক্ষোভ")
    documents = {
        1: tokens("পদ্মা সেতুর টোল নিয়ে ট্রাকচালকদের ধর্মঘট"),
        2: tokens("চট্টগ্রামে সিরিজ জিতল টাইগাররা"),
    }
    scores = text_scores(own, documents)
    assert scores[1] > 0.1
    assert 2 not in scores
