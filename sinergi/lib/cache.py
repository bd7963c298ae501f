"""Figures computed from many rows, shared by every worker and dropped when their data changes.

A cached figure is stored in the default cache (`settings.CACHES`: the database's cache table,
or Redis when `REDIS_URL` is set; both shared by every worker and server) under a key that
holds the current *generation* of each topic it depends on:

    figures = cached("home-figures", compute, topics=("groups", "values"))

A write bumps the generation of its topics (`invalidate("values")`), so the next request
computes the figure anew and every older entry is simply never read again (it expires with its
timeout). Models are watched once, in their app's `ready()`:

    watch(DataValue, "values")

so that every ORM save or delete invalidates, and so do `lib.bulk`'s inserts and updates;
other writes that bypass `save()` (bulk_create, `update()`, raw SQL) call `invalidate()`
themselves.

Inside a transaction, `invalidate()` bumps at once and again after the commit: a reader in
between may compute from what was committed before and store that under the new generation,
and the bump after the commit drops it. A reader inside the writing transaction itself sees its
own uncommitted rows, so a topic invalidated in the open transaction is computed without
storing.

Topics (`TOPICS`; which apps' models feed each: `sinergi/apps.py`, CACHE_TOPICS): "groups"
(working groups, decrees, formation, regions), "values" (indicators, values, targets), "plans",
"facilities", "programmes", "meetings", "content" (news, documents, pages, knowledge).
"""

import threading
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

PREFIX = "sinergi:"
TOPICS = ("groups", "values", "plans", "facilities", "programmes", "meetings", "content")
# Without a write, a figure is still recomputed once a day: a safety net, not the mechanism.
DEFAULT_TIMEOUT = 24 * 60 * 60
_GENERATION_TIMEOUT = None  # generations never expire

_local = threading.local()
_topics_by_model: dict = {}
_MISSING = object()


def _pending() -> set:
    """The topics invalidated in the open transaction. Django starts a new list of commit hooks
    at every commit or rollback (a savepoint's too), so a set tied to the current list is
    forgotten with its transaction: at worst a topic is bumped once more than needed."""
    hooks = connection.run_on_commit
    state = getattr(_local, "state", None)
    if state is None or state[0] is not hooks:
        state = _local.state = (hooks, set())
    return state[1]


def forget_pending() -> None:
    """Forget which topics the open transaction invalidated, so that `cached()` stores again:
    for tests, whose whole run is one transaction that never commits."""
    _local.__dict__.clear()


def _generation_keys(topics: Iterable[str]) -> list[str]:
    return [f"{PREFIX}generation:{topic}" for topic in topics]


def _fresh() -> int:
    """A generation for a topic that has none (a new cache, or its entry culled): the time in
    microseconds, far above any generation counted up before, so no older figure matches."""
    return time.time_ns() // 1_000


def generations(topics: Iterable[str]) -> list[int]:
    """The current generation of each topic, starting one that has none yet."""
    keys = _generation_keys(topics)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _fresh(), _GENERATION_TIMEOUT)
            found[key] = cache.get(key, 0)
    return [found[key] for key in keys]


def _bump(topics: Iterable[str]) -> None:
    # get and set rather than incr: the database cache's incr stores with the default timeout,
    # and a generation must never expire while figures stored under it live on.
    keys = _generation_keys(topics)
    found = cache.get_many(keys)
    cache.set_many({key: found.get(key, _fresh()) + 1 for key in keys}, _GENERATION_TIMEOUT)


def invalidate(*topics: str) -> None:
    """Drop every cached figure that depends on one of `topics`: now, and again after the
    current transaction commits (see the module's docstring). Within one transaction each topic
    is bumped once, however many rows it writes."""
    if not connection.in_atomic_block:
        _bump(topics)
        return
    pending = _pending()
    new = [topic for topic in topics if topic not in pending]
    if not new:
        return
    pending.update(new)
    _bump(new)
    transaction.on_commit(lambda: _bump(new))


def cached(
    name: str,
    compute: Callable,
    *,
    topics: Iterable[str],
    timeout: int | None = None,
    parts: Iterable = (),
):
    """`compute()`, from the shared cache while none of `topics` has changed since it was
    stored. `parts` distinguish variants of one figure (a region's code, a year, a language)."""
    topics = tuple(topics)
    if connection.in_atomic_block and not _pending().isdisjoint(topics):
        return compute()  # this transaction's own writes: not for other readers
    stamp = ".".join(str(g) for g in generations(topics))
    key = PREFIX + ":".join([name, stamp, *(str(part) for part in parts)])
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, DEFAULT_TIMEOUT if timeout is None else timeout)
    return value


def invalidate_model(model) -> None:
    """Invalidate the topics `model` is watched for (`lib.bulk` calls it for its writes)."""
    topics = _topics_by_model.get(model)
    if topics:
        invalidate(*topics)


def watch(model, *topics: str) -> None:
    """Invalidate `topics` whenever an instance of `model` is saved or deleted."""
    _topics_by_model[model] = tuple(dict.fromkeys(_topics_by_model.get(model, ()) + topics))

    def changed(sender, **kwargs):
        invalidate(*topics)

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"cache:{model._meta.label}")
    post_delete.connect(
        changed, sender=model, weak=False, dispatch_uid=f"cache-del:{model._meta.label}"
    )
