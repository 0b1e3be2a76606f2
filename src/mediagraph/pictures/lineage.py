"""The lineage graph as an SVG picture: layered left to right by descent, kinds told apart by colour."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from mediagraph.resolve.lineage import Lineage

KIND_STYLE = {
    "film": ("#dbeafe", "#1d4ed8", "Film"),
    "tv_series": ("#e0e7ff", "#4338ca", "TV series"),
    "comic": ("#fce7f3", "#be185d", "Comic / manga"),
    "book": ("#fef3c7", "#b45309", "Book"),
    "album": ("#dcfce7", "#15803d", "Album / score"),
    "song": ("#f3e8ff", "#7e22ce", "Song"),
    "other": ("#f1f5f9", "#475569", "Other"),
}
W, H, GAP_X, GAP_Y, PAD = 230, 64, 110, 26, 24


def _layers(lineage: Lineage) -> dict[str, int]:
    """Longest-path depth from the roots, so every edge points rightwards."""
    depth = {n: 0 for n in lineage.nodes}
    for _ in range(len(lineage.nodes)):
        changed = False
        for e in lineage.edges:
            if e.parent in depth and e.child in depth and depth[e.child] < depth[e.parent] + 1 <= len(lineage.nodes):
                depth[e.child] = depth[e.parent] + 1
                changed = True
        if not changed:
            break
    return depth


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def lineage_svg(lineage: Lineage, *, href: Callable[[str], str] | None = None) -> str:
    """An SVG document; ``href(id)`` gives each node's link (omitted when None)."""
    depth = _layers(lineage)
    columns: dict[int, list[str]] = {}
    for node_id in sorted(lineage.nodes, key=lambda n: (lineage.nodes[n].year or 9999, n)):
        columns.setdefault(depth[node_id], []).append(node_id)
    pos: dict[str, tuple[int, int]] = {}
    for col in sorted(columns):
        ids = columns[col]
        if col > 0:  # order by the mean row of the parents, so edges cross less
            parents = {n: [pos[e.parent][1] for e in lineage.edges if e.child == n and e.parent in pos] for n in ids}
            ids.sort(key=lambda n: (sum(parents[n]) / len(parents[n]) if parents[n] else 1e9, n))
        for row, node_id in enumerate(ids):
            pos[node_id] = (PAD + col * (W + GAP_X), PAD + 30 + row * (H + GAP_Y))
    width = PAD * 2 + (max(columns) + 1) * W + max(columns) * GAP_X if columns else 300
    kinds_used = sorted({n.kind or "other" for n in lineage.nodes.values()}, key=list(KIND_STYLE).index)
    height = max((y for _, y in pos.values()), default=0) + H + PAD + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" role="img" '
        'aria-label="Lineage graph">',
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    x = PAD
    for kind in kinds_used:
        fill, stroke, name = KIND_STYLE.get(kind, KIND_STYLE["other"])
        out.append(f'<rect x="{x}" y="{PAD - 6}" width="14" height="14" rx="3" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{x + 20}" y="{PAD + 5}" font-size="12" fill="#334155">{escape(name)}</text>')
        x += 30 + 7 * len(name)
    for e in lineage.edges:
        if e.parent not in pos or e.child not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e.parent], pos[e.child]
        sx, sy, ex, ey = x1 + W, y1 + H // 2, x2, y2 + H // 2
        if ex <= sx:  # same column or backwards (a cycle): arc below
            ex, ey = x2 + W // 2, y2 + H
        mx = (sx + ex) / 2
        out.append(
            f'<path d="M {sx} {sy} C {mx} {sy}, {mx} {ey}, {ex} {ey}" fill="none" stroke="#94a3b8" '
            'stroke-width="1.6" marker-end="url(#arrow)"/>'
        )
        label = e.label + (f" ({e.track})" if e.track else "")
        lx, ly = mx, (sy + ey) / 2 - 6
        out.append(
            f'<rect x="{lx - 4 * len(label) - 6}" y="{ly - 12}" width="{8 * len(label) + 12}" height="17" rx="8" fill="#f8fafc" stroke="#e2e8f0"/>'
        )
        out.append(f'<text x="{lx}" y="{ly + 1}" font-size="11.5" text-anchor="middle" fill="#334155">{escape(label)}</text>')
    for node_id, (nx, ny) in pos.items():
        n = lineage.nodes[node_id]
        fill, stroke, name = KIND_STYLE.get(n.kind or "other", KIND_STYLE["other"])
        bold = ' stroke-width="2.5"' if node_id == lineage.start else ' stroke-width="1.2"'
        group = [
            f'<rect x="{nx}" y="{ny}" width="{W}" height="{H}" rx="10" fill="{fill}" stroke="{stroke}"{bold}/>',
            f'<text x="{nx + 12}" y="{ny + 22}" font-size="14" font-weight="600" fill="#0f172a">{escape(_clip(n.title, 25))}</text>',
            f'<text x="{nx + 12}" y="{ny + 40}" font-size="12" fill="{stroke}">{escape(name)}{" · " + str(n.year) if n.year else ""}</text>',
            f'<text x="{nx + 12}" y="{ny + 56}" font-size="11.5" fill="#475569">{escape(_clip(", ".join(n.creators[:2]), 34))}</text>',
            f"<title>{escape(n.title)} ({escape(node_id)})</title>",
        ]
        if href is not None:
            out.append(f'<a href={quoteattr(href(node_id))} class="lineage-node" data-id={quoteattr(node_id)}>' + "".join(group) + "</a>")
        else:
            out.append("<g>" + "".join(group) + "</g>")
    out.append("</svg>")
    return "\n".join(out)


__all__ = ["KIND_STYLE", "lineage_svg"]
