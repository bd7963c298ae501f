"""The search index over the demo data. The other demo loaders write through the ORM, so their
records are mostly indexed already; a rebuild catches whatever was written in bulk. Run it
after every other demo loader. Idempotent: a second run creates no entry."""

from sinergi.search.index import rebuild
from sinergi.search.models import SearchEntry


def load_demo() -> dict[str, int]:
    before = SearchEntry.objects.count()
    rebuild()
    return {"search entries": max(SearchEntry.objects.count() - before, 0)}
