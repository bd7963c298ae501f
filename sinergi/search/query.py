"""Reading the search index: who may see which entries, the full-text query on the database's
own engine, and the highlighted snippets.

The query is stemmed like the index (stemming.py) and reaches the engine only as plain words:
on SQLite each word is an FTS5 string ("bangun"), on PostgreSQL the words go through
plainto_tsquery, so no user input is ever read as query syntax.
"""

from collections import deque
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sinergi.pokja.access import visible_filter
from sinergi.pokja.models import WorkingGroup
from sinergi.search.models import SearchEntry
from sinergi.search.stemming import WORD, stem, stems

# A query is cut to this many characters and this many distinct words.
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 12
SNIPPET_WORDS = 30


def query_stems(query: str) -> list[str]:
    """The distinct stems of a query, in order."""
    return list(dict.fromkeys(stems(query[:MAX_QUERY_CHARS])))[:MAX_QUERY_WORDS]


def visible_entries(user, language: str) -> QuerySet:
    """The entries `user` may find: public ones once public, and, for a signed-in user, every
    entry of the working groups the scope module lets them read."""
    now = timezone.now()
    seen = Q(is_public=True) & (Q(public_from__isnull=True) | Q(public_from__lte=now))
    if user.is_authenticated:
        seen |= Q(working_group__in=WorkingGroup.objects.filter(visible_filter(user)))
    return SearchEntry.objects.filter(seen, language__in=["", language])


# The full-text part ranks at most this many matches (the newest) and counts no further: a
# common word ("air") matches most of the index, and ranking or counting all of it is what made
# such a search slow. Beyond it the page says "more than 1,000".
MAX_RANKED = 1000


@dataclass
class Found:
    """One page of results: its entries, best first, and how many matched (at most
    MAX_RANKED; `more` when there are more than that)."""

    entries: list
    total: int
    more: bool


class Results:
    """The entries of `entries` that contain every stem of `words`: one query for a page and
    the count (capped at MAX_RANKED), one for the page's entries."""

    def __init__(self, entries: QuerySet, words: list[str]):
        self.entries, self.words = entries, words
        self.connection = connections[entries.db]

    def _query(self) -> tuple[str, list] | None:
        """SQL and parameters of (id, number found) of the matching entries in scope, best
        first, for LIMIT and OFFSET; None when nothing can match."""
        if not self.words:
            return None
        try:
            scope, scope_params = self.entries.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        if self.connection.vendor == "postgresql":
            match = "plainto_tsquery('simple', %s)"
            words = " ".join(self.words)
            # Only the candidates are ranked; title words weigh ten times text words (weights
            # A and B, migration 0002).
            rank = f"ts_rank('{{0, 0, 0.1, 1}}', search_vector, {match})"
            sql = (
                f"WITH found AS MATERIALIZED (SELECT id, {rank} AS score"
                f" FROM search_searchentry WHERE search_vector @@ {match}"
                f" AND id IN ({scope}) ORDER BY id DESC LIMIT %s)"
                " SELECT id, COUNT(*) OVER () FROM found ORDER BY score DESC, id"
            )
            params = [words, words, *scope_params, MAX_RANKED + 1]
        else:
            # Every word as an FTS5 string: never read as an operator, column or prefix. bm25
            # is lower for better matches; title words weigh ten times text words. "+rowid":
            # FTS5 must not look up each id of the scope (one full search per id); it searches
            # once, newest first, and the scope filters the matches.
            sql = (
                "WITH found AS ("
                " SELECT rowid AS id, bm25(search_fts, 10.0, 1.0) AS score FROM search_fts"
                f" WHERE search_fts MATCH %s AND +rowid IN ({scope})"
                " ORDER BY rowid DESC LIMIT %s)"
                " SELECT id, COUNT(*) OVER () FROM found ORDER BY score, id"
            )
            words = " ".join(f'"{word}"' for word in self.words)
            params = [words, *scope_params, MAX_RANKED + 1]
        return sql, params

    def fetch(self, offset: int, limit: int, load: bool = True) -> Found:
        """A page of results; with `load=False` its `entries` are ids, for `load_entries`."""
        query = self._query()
        # One more than MAX_RANKED is read, to know there are more, and never shown.
        limit = min(limit, MAX_RANKED - offset)
        if query is None or limit <= 0:
            return Found([], 0, False)
        sql, params = query
        with self.connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            rows = cursor.fetchall()
        total = rows[0][1] if rows else 0
        found = Found([row[0] for row in rows], min(total, MAX_RANKED), total > MAX_RANKED)
        if load:
            load_entries([found])
        return found

    def __getitem__(self, item: slice) -> list[SearchEntry]:
        start = item.start or 0
        return self.fetch(start, item.stop - start).entries


def load_entries(pages: list[Found]) -> None:
    """Replace the ids of `pages` by their entries, with group and region: one query."""
    ids = [pk for found in pages for pk in found.entries]
    entries = (
        SearchEntry.objects.select_related("working_group__region")
        .defer("title_stems", "stems")
        .in_bulk(ids)
    )
    for found in pages:
        found.entries = [entries[pk] for pk in found.entries if pk in entries]


def _matches(word: str, wanted: set[str]) -> bool:
    return stem(word) in wanted


def highlight(text: str, wanted: set[str]) -> SafeString:
    """`text` escaped, with the words whose stem is wanted in <mark>."""
    parts, last = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), wanted):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def snippet(text: str, wanted: set[str], size: int = SNIPPET_WORDS) -> SafeString:
    """About `size` words of `text` around the first wanted word (or its beginning), with
    the wanted words highlighted."""
    before, head, after = deque(maxlen=size // 3), [], []
    for match in WORD.finditer(text):
        if after:
            if len(before) + len(after) >= size:
                break
            after.append(match)
        elif _matches(match.group(), wanted):
            after.append(match)
        else:
            before.append(match)
            if len(head) < size:
                head.append(match)
    spans = [*before, *after] if after else head
    if not spans:
        return mark_safe("")
    start, end = spans[0].start(), spans[-1].end()
    # Show the text up to its edges when no word lies beyond them (a final full stop).
    more_before = WORD.search(text, 0, start) is not None
    more_after = WORD.search(text, end) is not None
    start, end = (start if more_before else 0), (end if more_after else len(text))
    fragment = highlight(text[start:end], wanted)
    prefix, suffix = ("… " if more_before else ""), (" …" if more_after else "")
    return mark_safe(f"{prefix}{fragment}{suffix}")  # noqa: S308 - fragment is escaped
