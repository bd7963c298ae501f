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
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
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
# A query whose every word is in at least this share of the entries is read newest first (see
# Results._newest_postgresql); a rarer one through the GIN index.
COMMON_SHARE = 0.1
# Stands for each kind in the query compiled once for all of them.
ANY_KIND = "\x00kind"


@dataclass
class Found:
    """One page of results: its entries, best first, and how many matched (at most
    MAX_RANKED; `more` when there are more than that)."""

    entries: list
    total: int
    more: bool


def is_common(words: list[str], using: str = "default") -> bool:
    """Whether even the rarest of `words` is in at least COMMON_SHARE of the entries, by
    PostgreSQL's own statistics of the full-text column (a word missing from them is rare).
    Always False on other engines."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not words:
        return False
    sql = (
        "SELECT COUNT(*), MIN(share) FROM pg_stats, UNNEST(most_common_elems::text::text[],"
        " most_common_elem_freqs) AS elements (word, share)"
        " WHERE schemaname = current_schema() AND tablename = %s"
        " AND attname = 'search_vector' AND word = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SearchEntry._meta.db_table, words])
        known, share = cursor.fetchone()
    return known == len(words) and share >= COMMON_SHARE


class Results:
    """The entries of `entries` of the given kinds that contain every stem of `words`: one
    query for a page and the count (capped at MAX_RANKED), one for the page's entries."""

    def __init__(self, entries: QuerySet, words: list[str], kinds=None, common=None):
        self.kinds = list(kinds or SearchEntry.Kind.values)
        # Whether the words are common (is_common), when the caller knows it already.
        self.common = common
        self.entries = entries.filter(kind__in=self.kinds)
        self.all_entries, self.words = entries, words
        self.connection = connections[entries.db]

    def _newest_postgresql(self, common: bool) -> tuple[str, list]:
        """The newest MAX_RANKED + 1 matches in scope with their rank, merged from each kind:
        for `common` words, the (kind, id) index read newest first until enough are found (a
        few thousand rows); for rare ones, the GIN index."""
        words = " ".join(self.words)
        query = "plainto_tsquery('simple', %s)"
        # The planner multiplies the shares of the words ("air" 43 %, "minum" 42 %: "air
        # minum" 18 %, in truth 42 %) and, for common words that go together, reads every
        # match through the GIN index to sort them. The function form of @@ is not
        # indexable, so the planner reads the kind's entries newest first and stops.
        test = "ts_match_vq(search_vector, {})" if common else "search_vector @@ {}"
        match = RawSQL(test.format(query), [words], output_field=BooleanField())
        # Title words weigh ten times text words (weights A and B, migration 0002).
        rank = RawSQL(f"ts_rank('{{0, 0, 0.1, 1}}', search_vector, {query})", [words])
        # A range rather than kind=: with an equality the planner believes the primary key
        # gives the order too and, taking each kind to be spread evenly over the ids, walks
        # the whole table backwards past every newer entry of the other kinds.
        one = (
            self.all_entries.filter(match, kind__gte=ANY_KIND, kind__lte=ANY_KIND)
            .annotate(score=rank)
            .order_by("kind", "-pk")
            .values_list("pk", "score")[: MAX_RANKED + 1]
        )
        # Compiled once, run for each kind.
        sql, params = one.query.sql_with_params()
        if len(self.kinds) == 1:
            return sql, [self.kinds[0] if p == ANY_KIND else p for p in params]
        parts = " UNION ALL ".join(f"({sql})" for _kind in self.kinds)
        params = [kind if p == ANY_KIND else p for kind in self.kinds for p in params]
        return f"{parts} ORDER BY 1 DESC LIMIT %s", [*params, MAX_RANKED + 1]

    def _newest_sqlite(self) -> tuple[str, list]:
        # Every word as an FTS5 string: never read as an operator, column or prefix. bm25 is
        # lower for better matches (hence the minus); title words weigh ten times text words.
        # "+rowid": FTS5 must not look up each id of the scope (one full search per id); it
        # searches once, newest first, and the scope filters the matches.
        scope, scope_params = self.entries.order_by().values("pk").query.sql_with_params()
        sql = (
            "SELECT rowid AS id, -bm25(search_fts, 10.0, 1.0) AS score FROM search_fts"
            f" WHERE search_fts MATCH %s AND +rowid IN ({scope})"
            " ORDER BY rowid DESC LIMIT %s"
        )
        words = " ".join(f'"{word}"' for word in self.words)
        return sql, [words, *scope_params, MAX_RANKED + 1]

    def newest(self) -> tuple[str, list] | None:
        """SQL and parameters of (id, score) of the newest MAX_RANKED + 1 matching entries in
        scope, the higher score the better; None when nothing can match."""
        if not self.words:
            return None
        try:
            if self.connection.vendor != "postgresql":
                return self._newest_sqlite()
            common = self.common
            if common is None:
                common = is_common(self.words, self.entries.db)
            return self._newest_postgresql(common)
        except EmptyResultSet:
            return None

    def fetch(self, offset: int, limit: int, load: bool = True) -> Found:
        """A page of results; with `load=False` its `entries` are ids, for `load_entries`."""
        [found] = fetch_pages([(self, offset, limit)])
        if load:
            load_entries([found])
        return found

    def __getitem__(self, item: slice) -> list[SearchEntry]:
        start = item.start or 0
        return self.fetch(start, item.stop - start).entries


def fetch_pages(pages: list[tuple[Results, int, int]]) -> list[Found]:
    """For each (results, offset, limit), that page of results as ids (for `load_entries`)
    with the capped count: one query for all of them, the groups of one search page."""
    found = [Found([], 0, False) for _page in pages]
    ctes, ranked, wanted, params, wanted_params = [], [], [], [], []
    for number, (results, offset, limit) in enumerate(pages):
        # One more than MAX_RANKED is read, to know there are more, and never shown.
        limit = min(limit, MAX_RANKED - offset)
        newest = results.newest() if limit > 0 else None
        if newest is None:
            continue
        sql, newest_params = newest
        ctes.append(f"found{number} (id, score) AS MATERIALIZED ({sql})")
        params += newest_params
        ranked.append(
            f"SELECT {number} AS part, id, COUNT(*) OVER () AS total,"
            f" ROW_NUMBER() OVER (ORDER BY score DESC, id) AS n FROM found{number}"
        )
        wanted.append("(part = %s AND n > %s AND n <= %s)")
        wanted_params += [number, offset, offset + limit]
    if not ctes:
        return found
    sql = (
        f"WITH {', '.join(ctes)}, ranked AS ({' UNION ALL '.join(ranked)})"
        f" SELECT part, id, total FROM ranked WHERE {' OR '.join(wanted)} ORDER BY part, n"
    )
    connection = pages[0][0].connection
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *wanted_params])
        rows = cursor.fetchall()
    for part, pk, total in rows:
        found[part].entries.append(pk)
        found[part].total, found[part].more = min(total, MAX_RANKED), total > MAX_RANKED
    return found


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
