"""Reading the search index: who may see which entries, the full-text query on the database's
own engine, and the highlighted snippets.

The query is stemmed like the index (stemming.py) and reaches the engine only as plain words:
on SQLite each word is an FTS5 string ("bangun"), on PostgreSQL the words go through
plainto_tsquery, so no user input is ever read as query syntax.
"""

from collections import deque

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


class Results:
    """The entries of `entries` that contain every stem of `words`, best first: sliceable and
    countable for Paginator, with one query for the count and two for a page."""

    def __init__(self, entries: QuerySet, words: list[str]):
        self.entries, self.words = entries, words
        self.connection = connections[entries.db]
        self._count = None

    def _query(self, count: bool = False) -> tuple[str, list] | None:
        """SQL and parameters of the ids of the matching entries in scope, best first (or of
        their count); None when nothing can match."""
        if not self.words:
            return None
        try:
            scope, scope_params = self.entries.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return None
        if self.connection.vendor == "postgresql":
            match = "plainto_tsquery('simple', %s)"
            select = "COUNT(*)" if count else "id"
            sql = f"SELECT {select} FROM search_searchentry WHERE search_vector @@ {match}"
            params = [" ".join(self.words)]
            # Title words weigh ten times text words (weights A and B, migration 0002).
            ranking = f"ts_rank('{{0, 0, 0.1, 1}}', search_vector, {match}) DESC, id"
            ranking_params, key = params, "id"
        else:
            select = "COUNT(*)" if count else "rowid"
            sql = f"SELECT {select} FROM search_fts WHERE search_fts MATCH %s"
            # Every word as an FTS5 string: never read as an operator, column or prefix.
            params = [" ".join(f'"{word}"' for word in self.words)]
            # bm25 is lower for better matches; title words weigh ten times text words.
            ranking, ranking_params = "bm25(search_fts, 10.0, 1.0), rowid", []
            # "+": FTS5 must not look up each id of the scope (one full search per id); it
            # searches once and the scope filters the matches.
            key = "+rowid"
        sql = f"{sql} AND {key} IN ({scope})"
        params = [*params, *scope_params]
        if not count:
            sql = f"{sql} ORDER BY {ranking}"
            params = [*params, *ranking_params]
        return sql, params

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self) -> int:
        if self._count is None:
            query = self._query(count=True)
            self._count = self._fetch(*query)[0][0] if query else 0
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item: slice) -> list[SearchEntry]:
        start, stop = item.start or 0, item.stop
        query = self._query()
        if query is None or stop <= start:
            return []
        sql, params = query
        rows = self._fetch(f"{sql} LIMIT %s OFFSET %s", [*params, stop - start, start])
        ids = [row[0] for row in rows]
        found = (
            SearchEntry.objects.select_related("working_group__region")
            .defer("title_stems", "stems")
            .in_bulk(ids)
        )
        return [found[pk] for pk in ids if pk in found]


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
