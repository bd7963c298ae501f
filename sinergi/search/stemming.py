"""Indonesian-aware words: the one tokenizer and stemmer of the index and of the queries.

Stemming is done here, in Python, with PySastrawi (Nazief–Adriani), so that SQLite and
PostgreSQL index exactly the same words: "pembangunan", "membangun" and "dibangun" all become
"bangun". Sastrawi only strips an affix when the root is in its dictionary, so English words and
names mostly pass through unchanged.
"""

import functools
import re
import unicodedata

# Letters and digits; underscores, hyphens and punctuation separate words (as in FTS5's
# unicode61 tokenizer and PostgreSQL's parser).
WORD = re.compile(r"[^\W_]+")
# Longer "words" are noise (hashes, broken PDF text); they are neither indexed nor searched.
MAX_WORD_LENGTH = 60


@functools.cache
def _stemmer():
    # Building the stemmer loads its dictionary of ~30,000 roots: once per process.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _fold(word: str) -> str:
    """Lower case without diacritics ("Bogotá" → "bogota")."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one word of WORD; "" for a word that is not indexed."""
    word = _fold(word)
    if len(word) > MAX_WORD_LENGTH:
        return ""
    if not (word.isascii() and word.isalpha()):
        # Numbers, codes ("32.04" gives "32" and "04") and other scripts stay as they are.
        return word
    return _stemmer().stem(word) or word


def stems(text: str) -> list[str]:
    """The stems of the words of `text`, in order."""
    return [s for s in map(stem, WORD.findall(text or "")) if s]
