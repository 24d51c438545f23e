"""Text similarity for Related News: the words of a story in any script, and
TF-IDF cosine between a story and a window of others (newsroom.related).

Hand-written: a few hundred short documents, thirty lines of arithmetic; a
library (scikit-learn) would bring numpy and scipy into a web app for it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

MIN_SIMILARITY = 0.05  # below this, two texts share only chance words


# Letters with their combining marks (Bengali vowel signs and viramas are
# marks, which `\w` leaves out and so splits words at) and the joiners; the
# danda (।) ends a sentence.
_WORD = re.compile(
    r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0963\u0966-\u0dff\u200c\u200d])+"
)
_MARKUP = re.compile(r"<[^>]*>|\"(?:type|id)\": ?\"[^\"]*\"")
_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")
STOPWORDS = frozenset(
    """a about after again all also an and any are as at be been before being
    but by can could did do does for from had has have he her his how i if in
    into is it its just more most my new no not now of on one or other our out
    over said says she so some than that the their them then there these they
    this those to two up was we were what when where which while who will with
    would year years you
    value type text attribution paragraph subhead quote image caption credit
    embed url links title page heading related_links nbsp
    এই ও এবং করে করা হয় হয়েছে থেকে জন্য সঙ্গে তিনি না বলেন এক একটি তার যে""".split()
)


def tokens(text: str) -> list[str]:
    """Words of `text`, case-folded, without stopwords, numbers or markup,
    in any script."""
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _MARKUP.sub(" ", text)
    return [
        word
        for word in (w.casefold() for w in _WORD.findall(text))
        if len(word) > 1
        and word not in STOPWORDS
        and not any(ch.isdigit() for ch in word)
    ]


def term_frequencies(words: list[str]) -> dict[str, float]:
    """Sublinear term frequency (1 + log n) of each word."""
    return {word: 1 + math.log(n) for word, n in Counter(words).items()}


class TextIndex:
    """TF-IDF vectors of a window of documents (their words, or their
    `term_frequencies`), IDF from the window (smoothed as scikit-learn does,
    so a word in most of a small window still counts a little), with each
    document's norm and the documents of each word: scoring a story is a
    walk over its own words."""

    def __init__(self, documents: Mapping[int, list[str] | Mapping[str, float]]):
        docs = {
            pk: doc if isinstance(doc, Mapping) else term_frequencies(doc)
            for pk, doc in documents.items()
        }
        df: Counter[str] = Counter()
        for doc in docs.values():
            df.update(doc.keys())
        self.top = math.log(1 + len(docs)) + 1  # the weight of an unseen word
        self.weight = {word: self.top - math.log(1 + n) for word, n in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.norms: dict[int, float] = {}
        for pk, doc in docs.items():
            total = 0.0
            for word, tf in doc.items():
                value = tf * self.weight[word]
                total += value * value
                self.postings.setdefault(word, []).append((pk, value))
            self.norms[pk] = math.sqrt(total)

    def scores(self, words: list[str]) -> dict[int, float]:
        """Cosine similarity of `words` with each document it shares a word
        with (at least MIN_SIMILARITY)."""
        own = {
            word: tf * self.weight.get(word, self.top)
            for word, tf in term_frequencies(words).items()
        }
        own_norm = math.sqrt(sum(v * v for v in own.values()))
        dots: dict[int, float] = {}
        for word, value in own.items():
            for pk, other in self.postings.get(word, ()):
                dots[pk] = dots.get(pk, 0.0) + value * other
        return {
            pk: similarity
            for pk, dot in dots.items()
            if (similarity := dot / (own_norm * self.norms[pk])) >= MIN_SIMILARITY
        }


def text_scores(
    words: list[str], documents: Mapping[int, list[str] | Mapping[str, float]]
) -> dict[int, float]:
    """Cosine similarity of TF-IDF vectors between `words` and each of
    `documents` (see TextIndex)."""
    if not words or not documents:
        return {}
    return TextIndex(documents).scores(words)
