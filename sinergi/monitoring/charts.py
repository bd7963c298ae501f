"""Small server-side SVG charts: readable without JavaScript, no fonts or files to load.

Each function returns a complete <svg> element as a safe string: every text it draws is
escaped here, sizes are in viewBox units so the chart scales with its box, and colours come
from classes styled in static/css/monitoring.css (with plain fallbacks in the attributes).
The numbers are formatted by the caller, in the page's language; a chart always sits beside a
table with the same numbers.
"""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 360, 190
# The plotting area inside the viewBox: room on the left for the axis labels, below for years.
LEFT, RIGHT, TOP, BOTTOM = 44, 344, 22, 160


def _number(value) -> str:
    """A coordinate, short and locale-independent."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def nice_bounds(low, high, ticks=4, limits=None) -> tuple[float, float, float]:
    """(bottom, top, step) of an axis that covers low..high with round tick steps, kept within
    `limits` (e.g. 0–100 for a percentage)."""
    low, high = float(low), float(high)
    if high == low:
        low, high = low - 1, high + 1
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    if limits:
        bottom, top = max(bottom, limits[0]), min(top, limits[1])
    return bottom, top, step


def line_chart(
    points: Sequence[tuple[str, Decimal | None]],
    *,
    chart_id: str,
    title: str,
    description: str,
    label: Callable[[Decimal], str] = str,
    tick_label: Callable[[Decimal], str] | None = None,
    target: tuple[Decimal, str] | None = None,
    limits: tuple[float, float] | None = None,
) -> SafeString:
    """A line of values by year. `points` are (year label, value or None); a missing value
    breaks the line. `target` is (value, text) drawn as a dashed line; `label` formats the
    values beside the points, `tick_label` (default `label`) those on the axis."""
    tick_label = tick_label or label
    known = [value for _, value in points if value is not None]
    extremes = known + ([target[0]] if target else [])
    if not extremes:
        extremes = [Decimal(0)]
    bottom, top, step = nice_bounds(min(extremes), max(extremes), limits=limits)
    span = (top - bottom) or 1

    def y(value):
        return BOTTOM - (float(value) - bottom) / span * (BOTTOM - TOP)

    count = len(points)
    gap = (RIGHT - LEFT) / max(count, 1)

    def x(index):
        return LEFT + gap * (index + 0.5)

    parts = [
        f'<svg class="chart chart-line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" aria-describedby="{escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for index in range(round((top - bottom) / step) + 1):
        tick = round(bottom + index * step, 6)
        tick_value = Decimal(int(tick)) if tick == int(tick) else Decimal(str(tick))
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{RIGHT}" y1="{_number(y(tick))}" '
            f'y2="{_number(y(tick))}" stroke="#d5dbe1"/>'
            f'<text class="chart-axis" x="{LEFT - 6}" y="{_number(y(tick) + 4)}" '
            f'text-anchor="end" font-size="12">{escape(tick_label(tick_value))}</text>'
        )
    if target is not None:
        value, text = target
        parts.append(
            f'<line class="chart-target" x1="{LEFT}" x2="{RIGHT}" y1="{_number(y(value))}" '
            f'y2="{_number(y(value))}" stroke="#8a5300" stroke-width="1.5" '
            'stroke-dasharray="5 4"/>'
            f'<text class="chart-target-label" x="{RIGHT}" y="{_number(y(value) - 5)}" '
            f'text-anchor="end" font-size="12">{escape(text)}</text>'
        )
    segment: list[str] = []
    segments = [segment]
    for index, (_, value) in enumerate(points):
        if value is None:
            segment = []
            segments.append(segment)
        else:
            segment.append(f"{_number(x(index))},{_number(y(value))}")
    for line in segments:
        if len(line) > 1:
            parts.append(
                f'<polyline class="chart-series" points="{" ".join(line)}" fill="none" '
                'stroke="#0b5e8a" stroke-width="2.5"/>'
            )
    # Beside every point when there is room, else at the first and last only.
    labelled = range(count) if count <= 6 else (0, count - 1)
    for index, (year, value) in enumerate(points):
        parts.append(
            f'<text class="chart-axis" x="{_number(x(index))}" y="{BOTTOM + 18}" '
            f'text-anchor="middle" font-size="12">{escape(year)}</text>'
        )
        if value is None:
            continue
        parts.append(
            f'<circle class="chart-point" cx="{_number(x(index))}" cy="{_number(y(value))}" '
            'r="3.5" fill="#0b5e8a"/>'
        )
        if index in labelled:
            parts.append(
                f'<text class="chart-value" x="{_number(x(index))}" '
                f'y="{_number(y(value) - 8)}" text-anchor="middle" font-size="12" '
                f'font-weight="600">{escape(label(value))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def bar(value: Decimal | None, maximum, *, width=120, height=12) -> SafeString:
    """A horizontal bar for one row of a table, its length `value` out of `maximum`. It repeats
    the number in its row, so assistive technology skips it."""
    share = 0.0
    if value is not None and maximum:
        share = min(max(float(value) / float(maximum), 0.0), 1.0)
    return mark_safe(  # numbers only
        f'<svg class="chart-bar" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="chart-bar-track" width="{width}" height="{height}" fill="#f3f6f8"/>'
        f'<rect class="chart-bar-fill" width="{_number(width * share)}" height="{height}" '
        'fill="#0b5e8a"/></svg>'
    )
