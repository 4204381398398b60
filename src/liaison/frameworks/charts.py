"""Geometry of the server-drawn charts: the synergy network on a circle, the heat map's colours."""

from __future__ import annotations

import math


def heat_colour(value: float, *, direct: bool | None) -> str:
    """Return the CSS background of a crosswalk cell: green for direct links, amber for chains, by strength."""
    if not value:
        return "transparent"
    alpha = round(0.15 + 0.85 * min(1.0, value), 2)
    return f"rgba(15,110,75,{alpha})" if direct else f"rgba(214,137,16,{alpha})"


def network_layout(*, nodes: list[dict], edges: list[dict], size: int = 560) -> dict:
    """Return nodes on a circle and edges between them as SVG coordinates (edge colour by the score's sign).

    `nodes` are {"id", "label", "weight"}; `edges` are {"a", "b", "score"} with the mean score -3..+3.
    """
    centre, radius = size / 2, size / 2 - 60
    placed = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        lx, ly = centre + (radius + 26) * math.cos(angle), centre + (radius + 26) * math.sin(angle)
        placed[node["id"]] = {**node, "x": round(x, 1), "y": round(y, 1), "lx": round(lx, 1), "ly": round(ly, 1),
                              "r": round(6 + 2.5 * min(abs(node.get("weight", 0)), 8), 1),
                              "anchor": "start" if lx > centre + 1 else ("end" if lx < centre - 1 else "middle")}
    lines = []
    for edge in edges:
        a, b = placed.get(edge["a"]), placed.get(edge["b"])
        if a is None or b is None:
            continue
        score = edge["score"]
        # A gentle curve keeps A->B and B->A apart; the line stops short of B so its arrow head shows.
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        cx, cy = (a["x"] + b["x"]) / 2 - dy * 0.12, (a["y"] + b["y"]) / 2 + dx * 0.12
        ex, ey = b["x"] - cx, b["y"] - cy
        end = math.hypot(ex, ey) or 1.0
        shrink = (b["r"] + 3) / end
        path = (f"M{a['x']},{a['y']} Q{round(cx, 1)},{round(cy, 1)} "
                f"{round(b['x'] - ex * shrink, 1)},{round(b['y'] - ey * shrink, 1)}")
        lines.append({"d": path, "score": round(score, 1),
                      "colour": "#1a7f4b" if score > 0 else ("#b3261e" if score < 0 else "#8a8f8d"),
                      "width": round(1 + 0.6 * abs(score), 1),
                      "marker": "pos" if score > 0 else ("neg" if score < 0 else "zero"),
                      "title": f"{a['label']} → {b['label']}: {score:+.1f}"})
    return {"size": size, "nodes": list(placed.values()), "edges": lines}
