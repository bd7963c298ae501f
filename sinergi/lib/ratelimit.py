"""Counting requests per key in fixed time windows, in Django's cache.

For limits on HTML views (password reset); the API uses DRF's own throttles. With several
application servers the cache must be shared (Redis, Memcached or the database cache), or each
server counts alone.
"""

import hashlib
import time

from django.core.cache import cache


def hit(key: str, limit: int, window: int) -> bool:
    """Count one hit on `key`; True while at most `limit` hits fell in the current window of
    `window` seconds, False once the limit is passed (the hit is still counted).

    Windows are aligned to the clock, so the key expires by itself and needs no clean-up;
    `cache.add` + `cache.incr` keep the count right when several processes share the cache.
    """
    bucket = int(time.time() // window)
    digest = hashlib.sha256(key.encode()).hexdigest()  # any text makes a valid cache key
    cache_key = f"ratelimit:{digest}:{window}:{bucket}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
