"""Charts for the report page, drawn on the server as inline SVG.

No chart library and nothing fetched from another host (the admin must work without the
internet, and tests/test_no_external_urls.py keeps it so): the report needs only bars,
which are a few rectangles. Text is escaped; numbers are formatted here, not in templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#2e6fad"
BAR_MISSED = "#cd4444"
BAR_MET = "#1f7a4d"
TARGET = "#222"
LABEL_WIDTH = 130
CHART_WIDTH = 640
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float | None = None  # a marker line at this value (percent charts)
    met: bool | None = None  # colours the bar when a target applies


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:g}{unit}"


def bar_chart_svg(
    *, bars: list[Bar], title: str, unit: str = "", scale: float | None = None
) -> SafeString:
    """Horizontal bars, one per row, labelled with their value; `scale` fixes the axis
    maximum (100 for percentages), otherwise the largest value sets it."""
    top = scale or max([b.value or 0 for b in bars] + [b.target or 0 for b in bars] + [1])
    plot = CHART_WIDTH - LABEL_WIDTH - 70
    height = 30 + ROW_HEIGHT * max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="service-chart" '
        f'width="{CHART_WIDTH}" height="{height}" viewBox="0 0 {CHART_WIDTH} {height}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = 30 + i * ROW_HEIGHT
        width = 0 if not bar.value else max(1, round(plot * min(bar.value, top) / top))
        colour = BAR if bar.met is None else (BAR_MET if bar.met else BAR_MISSED)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{ROW_HEIGHT - 8}" '
            f'fill="{colour}"><title>{escape(bar.label)} {escape(_number(bar.value, unit))}'
            f"</title></rect>"
        )
        end = width
        if bar.target is not None:
            x = LABEL_WIDTH + round(plot * min(bar.target, top) / top)
            end = max(width, x - LABEL_WIDTH)  # the value never sits on the target line
            parts.append(
                f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + ROW_HEIGHT - 2}" stroke="{TARGET}" '
                f'stroke-width="2" stroke-dasharray="3,2"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + end + 6}" y="{y + 15}" font-size="12">'
            f"{escape(_number(bar.value, unit))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
