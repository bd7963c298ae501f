"""Automated accessibility check (axe-core, injected from the axe-playwright-python package; no
network) of the home page in both languages and of the content pages, with the demo data."""

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}


def load_content():
    """The content of the portal, in case load_demo does not load it (idempotent)."""
    from sinergi.knowledge import demo as knowledge_demo
    from sinergi.news import demo as news_demo
    from sinergi.pages.reference import load_pages

    load_pages()
    news_demo.load_demo()
    knowledge_demo.load_demo()


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


# Every public page a visitor reaches from the navigation, the footer and the directory.
PUBLIC_PAGES = [
    "/",
    "/pokja/",
    "/pokja/32.04/",
    "/pokja/32.01/",  # a region without a working group
    "/pokja/32/",
    "/keaktifan/",
    "/keaktifan/32/",
    "/pokja/32.04/keaktifan/",
    "/pemantauan/",
    "/pemantauan/32/",
    "/pemantauan/indikator/",
    "/data/",
    "/data/kelompok-kerja/",
    "/program/",
    "/pustaka/",
    "/berita/",
    "/halaman/tanya-jawab/",
    "/halaman/kontak/",
    "/cari/?q=kupang",
    "/akun/masuk/",
    "/api/docs/",
    "/wilayah/",
    "/wilayah/32.04/",
    "/lembaga/",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_public_page_has_no_moderate_violations_in_either_language(live_server, demo, page):
    """Issue 20's bar: 0 serious or critical and 0 moderate on every public page, in both
    languages (the demo banner inside a landmark)."""
    load_content()
    problems = []
    for language in ("", "/en"):
        for path in PUBLIC_PAGES:
            response = page.goto(live_server.url + language + path)
            assert response.status == 200, f"{language}{path}: {response.status}"
            results = Axe().run(page)
            problems += [
                f"{language}{path}: {v['id']} ({v['impact']}) — "
                + "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
                for v in results.response["violations"]
                if v["impact"] in {"moderate", "serious", "critical"}
            ]
    assert not problems, "\n".join(problems)
