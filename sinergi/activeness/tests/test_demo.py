"""The demo working groups, ranked on the national page."""

import pytest

from sinergi.pokja.models import WorkingGroup


@pytest.mark.django_db(transaction=True)
def test_the_national_page_ranks_the_demo_groups(demo, client):
    r = client.get("/keaktifan/")
    assert r.status_code == 200
    rows = list(r.context["rows"])
    demo_codes = set(
        WorkingGroup.objects.filter(is_demo=True, region__level__in=[1, 2]).values_list(
            "region__code", flat=True
        )
    )
    ranked = [row for row in rows if row.evidence.is_demo]
    assert {row.code for row in ranked} == demo_codes
    assert len(demo_codes) >= 5
    # Kabupaten Bandung, the demo's most complete working group, leads; the rest follow by index.
    assert ranked[0].code == "32.04"
    assert ranked[0].total > ranked[-1].total
    assert [row.total for row in rows] == sorted((row.total for row in rows), reverse=True)
    assert [row.rank for row in rows] == sorted(row.rank for row in rows)
    # Every demo group links to its breakdown, which opens for a visitor.
    html = r.content.decode()
    for code in demo_codes:
        assert f'href="/pokja/{code}/keaktifan/"' in html
    assert client.get("/pokja/32.04/keaktifan/").status_code == 200
    assert client.get("/keaktifan/32/").status_code == 200
