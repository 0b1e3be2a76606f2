"""Drawing a Summary's score distribution: as terminal text and as a small standalone SVG."""

from __future__ import annotations

from html import escape

from mediagraph.reviews.summary import Summary

GIVEN_CHAR = "█"
ESTIMATED_CHAR = "░"


def _headline(summary: Summary) -> str:
    if not summary.count:
        return f"no scored reviews ({summary.unscored} without a usable score)"
    parts = [f"{summary.count} review{'s' if summary.count != 1 else ''}"]
    if summary.given_mean is not None:
        parts.append(f"mean of {summary.given} given {summary.given_mean:g}")
        if summary.given_median is not None:
            parts.append(f"median {summary.given_median:g}")
    else:
        parts.append("no given score")
    if summary.estimate is not None:
        e = summary.estimate
        parts.append(
            f"{summary.share_estimated:.0%} estimated (their mean ~{e.mean:.0f}, band {e.low:.0f}–{e.high:.0f}; not a score)"
        )
    if summary.band:
        parts.append(summary.band)
    if summary.unscored:
        parts.append(f"{summary.unscored} unscored")
    return " · ".join(parts)


def render_histogram_text(summary: Summary, *, width: int = 30) -> str:
    """Bins from the top score down, given scores ``█`` and estimates ``░``, with a legend."""
    lines = [_headline(summary)]
    if not summary.count:
        return lines[0]
    peak = max(b.total for b in summary.bins) or 1
    label_w = len("100")
    for b in reversed(summary.bins):
        # Scale by the fullest bin, but never let a non-empty bin vanish to zero characters.
        g = round(b.given * width / peak) or (1 if b.given else 0)
        e = round(b.estimated * width / peak) or (1 if b.estimated else 0)
        upper = b.high if b.high == 100 else b.high - 1
        count = f"{b.total}" + (f" ({b.estimated} est.)" if b.estimated else "")
        bar = GIVEN_CHAR * g + ESTIMATED_CHAR * e
        lines.append(
            f"{b.low:>{label_w}}–{upper:<{label_w}} │{bar}{' ' if bar else ''}{count if b.total else ''}".rstrip()
        )
    lines.append(
        f"{GIVEN_CHAR} given  {ESTIMATED_CHAR} estimated from the text (weighs {summary.estimate_weight:g})"
    )
    return "\n".join(lines)


def render_histogram_svg(summary: Summary, *, title: str | None = None) -> str:
    """A small self-contained SVG: given scores solid, estimates pale with a dashed outline.

    Every text is escaped; no ids are used, so several charts can sit on one page.
    """
    n = len(summary.bins)
    bar_w, gap, plot_h = 24, 4, 90
    left, top, bottom = 8, 34 if title else 20, 30
    width = left * 2 + n * (bar_w + gap) - gap
    height = top + plot_h + bottom
    peak = max((b.total for b in summary.bins), default=0) or 1
    heading = _headline(summary)
    label = f"{title}: {heading}" if title else heading
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        'font-family="system-ui, sans-serif" font-size="10">',
        f"<title>{escape(label)}</title>",
    ]
    y_text = 12
    if title:
        out.append(
            f'<text x="{left}" y="{y_text}" font-weight="600" font-size="11">{escape(title)}</text>'
        )
        y_text += 14
    out.append(f'<text x="{left}" y="{y_text}" fill="#444">{escape(heading)}</text>')
    base = top + plot_h
    for i, b in enumerate(summary.bins):
        x = left + i * (bar_w + gap)
        hg = b.given * plot_h / peak
        he = b.estimated * plot_h / peak
        tip = f"{b.low}–{b.high}: {b.given} given, {b.estimated} estimated"
        out.append(f"<g><title>{escape(tip)}</title>")
        out.append(f'<rect x="{x}" y="{base - 0.5}" width="{bar_w}" height="0.5" fill="#bbb"/>')
        if hg:
            out.append(
                f'<rect x="{x}" y="{base - hg:.1f}" width="{bar_w}" height="{hg:.1f}" fill="#2b6cb0"/>'
            )
        if he:
            out.append(
                f'<rect x="{x + 0.5}" y="{base - hg - he + 0.5:.1f}" width="{bar_w - 1}" height="{max(he - 1, 0.5):.1f}" '
                'fill="#90cdf4" fill-opacity="0.6" stroke="#2b6cb0" stroke-dasharray="2 2"/>'
            )
        out.append("</g>")
        if i % 2 == 0 or n <= 5:
            out.append(f'<text x="{x}" y="{base + 11}" fill="#666">{b.low}</text>')
    legend_y = base + 25
    out.append(f'<rect x="{left}" y="{legend_y - 8}" width="9" height="9" fill="#2b6cb0"/>')
    out.append(f'<text x="{left + 13}" y="{legend_y}">given</text>')
    out.append(
        f'<rect x="{left + 55}" y="{legend_y - 8}" width="9" height="9" fill="#90cdf4" '
        'fill-opacity="0.6" stroke="#2b6cb0" stroke-dasharray="2 2"/>'
    )
    out.append(f'<text x="{left + 68}" y="{legend_y}">estimated</text>')
    out.append("</svg>")
    return "\n".join(out)
