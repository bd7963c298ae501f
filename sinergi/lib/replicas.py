"""Reads from a read replica of PostgreSQL, writes to the primary (docs/operations.md, "Scaling
out"). Used when DATABASE_REPLICA_URL names a replica: settings.py then adds the "replica"
database and this router.

Only reads that cannot miss a change go to the replica: those of a GET or HEAD request
(`ReplicaMiddleware` marks them) that has not written anything itself, from a client that has
not written in the last REPLICA_PIN_SECONDS (a cookie set by every other method). So whoever
saved a form sees their change at once, although the replica lags behind by a moment; a visitor
reading the portal is served by the replica. Commands, the admin's writes and everything outside
a request use the primary.
"""

import contextvars

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "sinergi_primary"

# Whether the current request's reads may go to the replica.
_may_read_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "may_read_replica", default=False
)


# The database cache's table (settings.CACHES) lives on the primary only: a figure read from a
# lagging replica could be older than its topic's generation says.
PRIMARY_ONLY = {"django_cache"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY:
            return "default"
        if _may_read_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY:
            return "default"  # a cached figure is not the request's own write
        _may_read_replica.set(False)  # the request reads its own writes from now on
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in ("GET", "HEAD") and PIN_COOKIE not in request.COOKIES
        token = _may_read_replica.set(safe)
        try:
            response = self.get_response(request)
        finally:
            _may_read_replica.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
