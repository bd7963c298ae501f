"""The boundary files the maps draw, built from the two source files in static/data/boundaries/
(see its README): simplified so that neighbours still meet, and split so that a page loads only
what it draws.

- `maps/provinces.geojson`: the 38 provinces, for the national maps.
- `maps/kabupaten-kota.geojson`: every kabupaten/kota, simplified for a view of the whole country
  (the directory's national map).
- `maps/kabupaten-kota/<province code>.geojson`: one province's kabupaten/kota, simplified for a
  view of that province (a provincial dashboard, the directory filtered by province).

Simplification keeps shared borders shared: every ring is cut into arcs at the points where it
meets a different neighbour (or the coast), each arc is simplified once with Douglas–Peucker and
both neighbours take the same result, so no gap or overlap opens between them. Coordinates stay on
the source's grid of 4 decimals (about 11 m). Run `manage.py build_boundaries` after changing a
source file; the output is deterministic.
"""

import functools
import json
import math
from pathlib import Path

from django.contrib.staticfiles import finders

SOURCE_PROVINCES = "provinces-38.geojson"
SOURCE_REGENCIES = "kabupaten-kota.geojson"
OUTPUT_DIR = "maps"
# Degrees a simplified line may stray from the source: about two thirds of a pixel on a 1,300 px
# wide map of Indonesia (46 degrees across) for the national files; for one province, a
# 1/1,500th of its larger side, so that small provinces (DKI Jakarta) keep their detail.
NATIONAL_TOLERANCE = 0.02
PROVINCE_SHARE = 1 / 1500
MIN_PROVINCE_TOLERANCE = 0.0003


def _rings(geometry):
    """Every polygon of a Polygon or MultiPolygon, as a list of rings (lists of (x, y))."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [[[tuple(point) for point in ring] for ring in polygon] for polygon in polygons]


def _open(ring):
    """The ring without its closing point and without consecutive duplicates."""
    points = []
    for point in ring:
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _distance(point, start, end):
    """Distance from `point` to the segment start–end (plane degrees are fine at this scale)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def douglas_peucker(points, tolerance):
    """The points of the line kept by Douglas–Peucker; the two ends always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring_area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


class Simplifier:
    """Simplifies a set of polygons together, so that the borders they share stay shared."""

    def __init__(self, geometries, tolerance):
        self.tolerance = tolerance
        self.shapes = [[[_open(ring) for ring in polygon] for polygon in g] for g in geometries]
        neighbours = {}
        for polygons in self.shapes:
            for polygon in polygons:
                for ring in polygon:
                    for i, point in enumerate(ring):
                        around = neighbours.setdefault(point, set())
                        around.add(ring[i - 1])
                        around.add(ring[(i + 1) % len(ring)])
        # A point where a ring meets a different neighbour, or the coast: arcs end there.
        self.junctions = {point for point, around in neighbours.items() if len(around) > 2}
        self.arcs = {}

    def _arc(self, points):
        """One arc simplified, the same way whichever ring (and direction) asks for it."""
        backwards = tuple(reversed(points))
        key = min(tuple(points), backwards)
        if key not in self.arcs:
            self.arcs[key] = douglas_peucker(list(key), self.tolerance)
        kept = self.arcs[key]
        return kept if key == tuple(points) else list(reversed(kept))

    def _ring(self, ring):
        cuts = [i for i, point in enumerate(ring) if point in self.junctions]
        if not cuts:
            # An island, or a ring no other ring touches: cut at its first point and at the
            # point farthest from it, so that both halves are simplified as arcs.
            far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
            cuts = [0, far] if far else [0]
        start = cuts[0]
        rotated = ring[start:] + ring[:start]
        cuts = [i - start for i in cuts] + [len(ring)]
        closed = rotated + [rotated[0]]
        simplified = [rotated[0]]
        for first, last in zip(cuts, cuts[1:], strict=False):
            simplified.extend(self._arc(closed[first : last + 1])[1:])
        return simplified

    def geometry(self, index):
        """The simplified geometry of the `index`th shape (a MultiPolygon, or a Polygon)."""
        polygons = []
        for polygon in self.shapes[index]:
            rings = []
            for ring in polygon:
                simplified = self._ring(ring)
                # Rings that collapse below a triangle, or to less than a tolerance square, go.
                if len(simplified) >= 4 and _ring_area(simplified[:-1]) > self.tolerance**2:
                    rings.append([list(point) for point in simplified])
                elif not rings:
                    break  # an outer ring that vanished takes its holes with it
            if rings:
                polygons.append(rings)
        if not polygons:  # never lose a whole region: keep its largest outer ring as it was
            outer = max((p[0] for p in self.shapes[index]), key=_ring_area)
            polygons = [[[list(point) for point in outer + outer[:1]]]]
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}


def simplified(features, tolerance, keep=("code", "name")):
    """A FeatureCollection of `features` simplified together, with only the `keep` properties."""
    simplifier = Simplifier([_rings(f["geometry"]) for f in features], tolerance)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {key: f["properties"][key] for key in keep},
                "geometry": simplifier.geometry(i),
            }
            for i, f in enumerate(features)
        ],
    }


def _extent(features):
    xs, ys = [], []
    for feature in features:
        for polygon in _rings(feature["geometry"]):
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return max(max(xs) - min(xs), max(ys) - min(ys))


def _dump(collection, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def build(directory: Path):
    """Write the map files under `directory`/maps from the sources in `directory`; returns the
    paths written."""
    provinces = json.loads((directory / SOURCE_PROVINCES).read_text(encoding="utf-8"))
    regencies = json.loads((directory / SOURCE_REGENCIES).read_text(encoding="utf-8"))
    out = directory / OUTPUT_DIR
    written = [
        _dump(simplified(provinces["features"], NATIONAL_TOLERANCE), out / "provinces.geojson"),
        _dump(
            simplified(regencies["features"], NATIONAL_TOLERANCE), out / "kabupaten-kota.geojson"
        ),
    ]
    for province in sorted(provinces["features"], key=lambda f: f["properties"]["code"]):
        code = province["properties"]["code"]
        own = [f for f in regencies["features"] if f["properties"]["code"][:2] == code]
        own.sort(key=lambda f: f["properties"]["code"])
        tolerance = max(_extent([province]) * PROVINCE_SHARE, MIN_PROVINCE_TOLERANCE)
        written.append(
            _dump(simplified(own, tolerance), out / "kabupaten-kota" / f"{code}.geojson")
        )
    return written


# Static paths of the built files, as pages name them (`{% static %}`, `static()`).
PROVINCES_FILE = "data/boundaries/maps/provinces.geojson"
REGENCIES_FILE = "data/boundaries/maps/kabupaten-kota.geojson"


def province_file(code: str) -> str:
    """The static path of the kabupaten/kota of the province `code` ("32")."""
    return f"data/boundaries/maps/kabupaten-kota/{code}.geojson"


@functools.cache
def province_codes() -> tuple:
    """The codes of the provinces that have a kabupaten/kota file (every one of the 38)."""
    found = finders.find("data/boundaries/maps/kabupaten-kota")
    return tuple(sorted(path.stem for path in Path(found).glob("*.geojson"))) if found else ()
