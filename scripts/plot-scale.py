#!/usr/bin/env python3
"""Plots scripts/bench-scale.sh's results as an SVG (no plotting library needed) and prints
them as a Markdown table: build time, index size and the server's peak memory against the
number of reports (left), warm p99 per query kind (right), both axes logarithmic.

Usage: scripts/plot-scale.py scale.json scale.svg
"""
import json
import math
import sys

W, H = 880, 360
PANEL = 400
MARGIN = dict(left=60, right=20, top=40, bottom=50)
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def log_scale(lo, hi, a, b):
    lo, hi = math.log10(lo), math.log10(hi)
    return lambda v: a + (math.log10(v) - lo) / (hi - lo or 1) * (b - a)


def decades(lo, hi):
    return [10 ** e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def panel(x0, title, xs, series, unit):
    """One log-log panel: series is [(label, [y per x])]."""
    out = []
    left, top = x0 + MARGIN["left"], MARGIN["top"]
    right, bottom = x0 + PANEL - MARGIN["right"], H - MARGIN["bottom"]
    ys = [y for _, vals in series for y in vals if y]
    ylo, yhi = decades(min(ys), max(ys))[0], decades(min(ys), max(ys))[-1]
    fx = log_scale(xs[0], xs[-1], left, right)
    fy = log_scale(ylo, yhi, bottom, top)
    out.append(f'<text x="{(left + right) / 2}" y="20" text-anchor="middle" '
               f'font-weight="bold">{title}</text>')
    for y in decades(ylo, yhi):
        out.append(f'<line x1="{left}" x2="{right}" y1="{fy(y):.1f}" y2="{fy(y):.1f}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{fy(y) + 4:.1f}" text-anchor="end" '
                   f'font-size="11">{y:g} {unit}</text>')
    for x in xs:
        out.append(f'<line x1="{fx(x):.1f}" x2="{fx(x):.1f}" y1="{top}" y2="{bottom}" '
                   f'stroke="#eee"/>')
        out.append(f'<text x="{fx(x):.1f}" y="{bottom + 16}" text-anchor="middle" '
                   f'font-size="11">{x}</text>')
    out.append(f'<text x="{(left + right) / 2}" y="{bottom + 34}" text-anchor="middle" '
               f'font-size="12">reports (about 105 KB of text each)</text>')
    for i, (label, vals) in enumerate(series):
        color = COLORS[i % len(COLORS)]
        pts = [(fx(x), fy(y)) for x, y in zip(xs, vals) if y]
        out.append('<polyline fill="none" stroke-width="2" stroke="%s" points="%s"/>' % (
            color, " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)))
        for x, y in pts:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>')
        out.append(f'<text x="{left + 8}" y="{top + 14 + 14 * i}" font-size="12" '
                   f'fill="{color}">{label}</text>')
    return out


def main():
    rows = json.load(open(sys.argv[1]))
    xs = [r["reports"] for r in rows]
    kinds = [k for k in rows[0]["http"]["wlb-search"] if k != "all"]
    cost = [
        ("build time (s)", [r["build_s"] for r in rows]),
        ("index size (MB)", [r["index_bytes"] / 1e6 for r in rows]),
        ("build peak RSS (MB)", [r["build_rss_kb"] / 1024 for r in rows]),
        ("serve peak RSS (MB)", [(r["http"]["rss_kb"]["wlb-search"] or 0) / 1024 for r in rows]),
    ]
    latency = [(f"p99 {k}", [r["http"]["wlb-search"][k]["p99"] for r in rows]) for k in kinds]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'font-family="sans-serif"><rect width="{W}" height="{H}" fill="white"/>']
    svg += panel(0, "Build and size", xs, cost, "")
    svg += panel(PANEL + 40, "Warm search, one client (ms)", xs, latency, "ms")
    svg.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(svg) + "\n")
    head = "| reports | text MB | build s | MB/s | build RSS MB | index MB | serve RSS MB | " + \
        " | ".join(f"{k} p50/p99 ms" for k in kinds) + " |"
    print(head)
    print("|" + "---|" * (7 + len(kinds)))
    for r in rows:
        h = r["http"]["wlb-search"]
        mb = r["bytes"] / 1e6
        print(f"| {r['reports']} | {mb:.1f} | {r['build_s']:.2f} | {mb / r['build_s']:.1f} | "
              f"{r['build_rss_kb'] / 1024:.0f} | {r['index_bytes'] / 1e6:.1f} | "
              f"{(r['http']['rss_kb']['wlb-search'] or 0) / 1024:.0f} | " +
              " | ".join(f"{h[k]['p50']:.2f} / {h[k]['p99']:.2f}" for k in kinds) + " |")


if __name__ == "__main__":
    main()
