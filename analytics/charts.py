"""Charts drawn on the server as SVG (the CSP allows no inline script or style): a rater scatter and box plots per
subgroup. Colours are SVG presentation attributes, text is escaped, and each chart carries a <title> for readers
of the page who do not see it."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
FLAGGED, NORMAL, AXIS, BOX = "#dc3545", "#0d6efd", "#6c757d", "#cfe2ff"


def _scale(lo: float, hi: float, a: float, b: float):
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    step = 10 ** math.floor(math.log10((hi - lo) / count))
    for factor in (1, 2, 5, 10):
        if (hi - lo) / (step * factor) <= count:
            step *= factor
            break
    first = math.ceil(lo / step) * step
    return [round(first + i * step, 6) for i in range(int((hi - first) / step) + 1)]


def _frame(title: str, x_label: str, y_label: str, xs: tuple[float, float] | None, ys: tuple[float, float]):
    parts = [
        f'<svg class="analytics-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" width="100%"><title>{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="{AXIS}"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="{AXIS}"/>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12" '
        f'fill="{AXIS}">{escape(x_label)}</text>',
        f'<text x="14" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" font-size="12" fill="{AXIS}" '
        f'transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2})">{escape(y_label)}</text>',
    ]
    y = _scale(ys[0], ys[1], HEIGHT - BOTTOM, TOP)
    for tick in _nice_ticks(*ys):
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" y2="{y(tick):.1f}" stroke="#e9ecef"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="{AXIS}">{tick:g}</text>'
        )
    if xs is not None:
        x = _scale(xs[0], xs[1], LEFT, WIDTH - RIGHT)
        for tick in _nice_ticks(*xs):
            parts.append(
                f'<text x="{x(tick):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                f'fill="{AXIS}">{tick:g}</text>'
            )
    return parts


def _padded(values: Sequence[float], pad: float) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    margin = max((hi - lo) * 0.1, pad)
    return lo - margin, hi + margin


def rater_scatter(points: Sequence[tuple[str, float, float, bool]], *, title: str, x_label: str, y_label: str):
    """One dot per rater: (name, x = mean, y = spread, flagged); the flagged in red with their name."""
    if not points:
        return ""
    xs = _padded([p[1] for p in points], 1.0)
    ys = _padded([p[2] for p in points], 0.5)
    ys = (max(0.0, ys[0]), ys[1])
    parts = _frame(title, x_label, y_label, xs, ys)
    x = _scale(xs[0], xs[1], LEFT, WIDTH - RIGHT)
    y = _scale(ys[0], ys[1], HEIGHT - BOTTOM, TOP)
    for name, px, py, flagged in points:
        colour = FLAGGED if flagged else NORMAL
        parts.append(
            f'<circle cx="{x(px):.1f}" cy="{y(py):.1f}" r="{6 if flagged else 4}" fill="{colour}" '
            f'fill-opacity="0.8"><title>{escape(name)}: {px:.2f} / {py:.2f}</title></circle>'
        )
        if flagged:
            # Near the right edge the name goes on the dot's left, so it is not cut off.
            right = x(px) > WIDTH * 0.7
            anchor, dx = ("end", -8) if right else ("start", 8)
            parts.append(
                f'<text x="{x(px) + dx:.1f}" y="{y(py) + 4:.1f}" font-size="12" fill="{FLAGGED}" '
                f'text-anchor="{anchor}">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def box_plots(boxes: Sequence[tuple[str, Sequence[float]]], *, title: str, y_label: str) -> SafeString | str:
    """One box per subgroup (label, values): quartiles, median, whiskers to the extremes, and the points."""
    boxes = [(label, sorted(values)) for label, values in boxes if values]
    if not boxes:
        return ""
    ys = _padded([v for _, values in boxes for v in values], 1.0)
    parts = _frame(title, "", y_label, None, ys)
    y = _scale(ys[0], ys[1], HEIGHT - BOTTOM, TOP)
    slot = (WIDTH - LEFT - RIGHT) / len(boxes)
    for i, (label, values) in enumerate(boxes):
        centre = LEFT + slot * (i + 0.5)
        half = min(slot * 0.3, 60)
        if len(values) >= 2:
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = median = q3 = values[0]
        parts.append(
            f'<line x1="{centre:.1f}" y1="{y(values[0]):.1f}" x2="{centre:.1f}" y2="{y(values[-1]):.1f}" '
            f'stroke="{AXIS}"/>'
            f'<rect x="{centre - half:.1f}" y="{y(q3):.1f}" width="{2 * half:.1f}" '
            f'height="{max(y(q1) - y(q3), 1):.1f}" fill="{BOX}" stroke="{NORMAL}"/>'
            f'<line x1="{centre - half:.1f}" y1="{y(median):.1f}" x2="{centre + half:.1f}" y2="{y(median):.1f}" '
            f'stroke="{NORMAL}" stroke-width="3"><title>{escape(label)}: {median:.2f}</title></line>'
        )
        for j, v in enumerate(values):
            offset = ((j % 5) - 2) * (half / 6)
            parts.append(
                f'<circle cx="{centre + offset:.1f}" cy="{y(v):.1f}" r="2.5" fill="{AXIS}" fill-opacity="0.6"/>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="12" '
            f'fill="{AXIS}">{escape(label)} (n={len(values)})</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
