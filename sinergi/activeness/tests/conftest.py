import pytest


@pytest.fixture(autouse=True)
def _fresh_activeness():
    """Tests outside a transaction (the demo, the browser) would share the cached index: each
    starts and ends without it."""
    from django.core.cache import cache

    from sinergi.activeness.index import CACHE_KEY

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)
