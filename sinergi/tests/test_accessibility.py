"""Automated accessibility check (axe-core, injected from the axe-playwright-python package; no
network) of the home page in both languages and of the content pages, with the demo data."""

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}


def load_content():
    """The content of the portal, in case load_demo does not load it (idempotent)."""
    from django.core.cache import cache

    from sinergi.knowledge import demo as knowledge_demo
    from sinergi.news import demo as news_demo
    from sinergi.pages.reference import load_pages
    from sinergi.portal.home import CACHE_KEY

    load_pages()
    news_demo.load_demo()
    knowledge_demo.load_demo()
    cache.delete(CACHE_KEY)


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_in_both_languages_has_no_serious_violations(live_server, demo, page):
    load_content()
    for path in ("/", "/en/"):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=2).count() >= 4
        problems = blocking_violations(page)
        assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_content_pages_have_no_serious_violations(live_server, demo, page):
    from sinergi.news.models import Post

    load_content()
    post = Post.objects.published().exclude(image="").first()
    for path in (
        "/halaman/tanya-jawab/",
        "/berita/",
        post.get_absolute_url(),
        "/pokja/32.04/berita/",
        "/pokja/32.04/pengetahuan/",
    ):
        page.goto(live_server.url + path)
        problems = blocking_violations(page)
        assert not problems, f"{path}:\n" + "\n".join(problems)
