#!/usr/bin/env python3
"""Generates the PDF test fixtures in tests/fixtures/pdf/ from data/wlb-followup-r5.txt.

The report's tables are rendered as HTML in several layouts and printed to PDF by headless
Chromium with the IPA fonts (Debian: chromium, fonts-ipafont-gothic), as a browser or an office
suite would write them: CID fonts, Identity-H, ToUnicode maps. Layouts:

  a3-landscape-mirror  one PDF page per page of the original (forced breaks), so page numbers
                       must equal those of the text version
  a4-portrait-flow     narrow page, rows split across pages, other column widths, bullets as lists
  a4-landscape-wide-b  wide B column, small type, rows split across pages
  a5-landscape-split   small pages: long rows must split across pages mid-passage

For the flow layouts the contents' page numbers are found after a first rendering (pdftotext)
and written in on a second one. Broken PDFs for the error tests are derived from a good one
with qpdf and poppler-utils. Needs: chromium, fonts-ipafont-gothic, poppler-utils, qpdf.

Usage: scripts/make-pdf-fixtures.py [OUT_DIR]   (default tests/fixtures/pdf)
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = os.path.join(ROOT, "data", "wlb-followup-r5.txt")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fixtures", "pdf")

TAG = re.compile(r"</?[A-Za-z][^<>]*>")

LAYOUTS = {
    "a3-landscape-mirror": dict(size="A3 landscape", font="9pt", cols=(17, 58, 25), mirror=True),
    "a4-portrait-flow": dict(size="A4 portrait", font="7.5pt", cols=(20, 50, 30), mirror=False),
    "a4-landscape-wide-b": dict(size="A4 landscape", font="7pt", cols=(15, 45, 40), mirror=False),
    "a5-landscape-split": dict(size="A5 landscape", font="8pt", cols=(18, 57, 25), mirror=False),
}


def cell_html(raw):
    """The extraction's cell markup as real HTML: tags kept, text escaped, bullets as lists."""
    raw = raw.replace("**", "")
    out = []
    pos = 0
    for m in TAG.finditer(raw):
        if m.group(0).isascii():
            out.append(html.escape(raw[pos:m.start()]))
            tag = m.group(0)
            out.append('<ul class="b">' if tag.startswith("<ul") else tag)
            pos = m.end()
    out.append(html.escape(raw[pos:]))
    s = "".join(out)

    # Inside a list, each "・item" becomes a list entry.
    def items(m):
        body = m.group(1)
        parts = [p.strip() for p in re.split(r"\s(?=・)", body) if p.strip()]
        return '<ul class="b">' + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"

    s = re.sub(r'<ul class="b">(.*?)(?=<p>|</ul>|$)', items, s, flags=re.S)
    s = s.replace("</ul></ul>", "</ul>")
    return s


def parse_report():
    lines = open(REPORT, encoding="utf-8").read().split("\n")
    first_table = next(i for i, l in enumerate(lines) if l.startswith("重点項目\tA\tB"))
    headers = [i for i, l in enumerate(lines) if l.startswith("重点項目\tA\tB")]
    parts = []
    for k, h in enumerate(headers):
        end = headers[k + 1] if k + 1 < len(headers) else len(lines)
        groups, current, prev_blank, last_kind = [], None, False, None
        for l in lines[h + 2:end]:
            t = l.strip()
            if not t:
                prev_blank = True
                continue
            if "国家公務員の女性活躍" in t or "取組計画等のフォローアップ" in t:
                continue
            cells = l.split("\t")
            if len(cells) >= 3 and all(set(c.strip()) <= {"-"} for c in cells):
                continue
            kind = "row" if len(cells) >= 3 else "para"
            if current is None or (prev_blank and (kind == "row" or last_kind == "row")):
                current = []
                groups.append(current)
            current.append((kind, cells if kind == "row" else t))
            prev_blank, last_kind = False, kind
        parts.append(groups)
    contents_start = next(i for i, l in enumerate(lines) if l.strip() == "<目次>")
    contents = []
    notes = []
    for l in lines[contents_start + 1:]:
        t = l.strip()
        if t.startswith("※") or t.startswith("<調査票"):
            break
        if t:
            contents.append(l.split("\t"))
    i = next(i for i, l in enumerate(lines) if l.strip().startswith("<調査票の見方>"))
    for l in lines[i:first_table]:
        t = l.strip()
        if t and "国家公務員の女性活躍" not in t and "取組計画等のフォローアップ" not in t:
            notes.append(t)
    title = [l.strip() for l in lines[:contents_start] if l.strip()]
    return title, contents, notes, parts


def render(layout, pages_for_contents, title, contents, notes, parts):
    size, font, cols, mirror = layout["size"], layout["font"], layout["cols"], layout["mirror"]
    css = f"""
@page {{ size: {size}; margin: 10mm 12mm; }}
body {{ font-family: "IPAGothic", sans-serif; font-size: {font}; line-height: 1.35; margin: 0; }}
.page {{ break-before: page; }}
.header {{ margin: 0 0 4pt 0; }}
table.t {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.t td {{ border: 0.6pt solid #000; vertical-align: top; padding: 2pt 4pt; }}
table.t tr {{ break-inside: {'avoid' if mirror else 'auto'}; }}
table.c td {{ padding: 1pt 12pt 1pt 0; }}
ul.b {{ list-style: none; padding: 0; margin: 0; }}
p {{ margin: 0 0 2pt 0; }}
col.i {{ width: {cols[0]}%; }} col.a {{ width: {cols[1]}%; }} col.b {{ width: {cols[2]}%; }}
"""
    out = ['<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>', css, "</style></head><body>"]
    for t in title:
        out.append(f"<p>{html.escape(t)}</p>")
    out.append("<p>&lt;目次&gt;</p><table class=\"c\">")
    k = 0
    for row in contents:
        cells = []
        for c in row:
            c = c.strip()
            if c.isdigit() and pages_for_contents is not None:
                c = str(pages_for_contents[k])
                k += 1
            cells.append(f"<td>{html.escape(c)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    out.append('<div class="page">')
    for n in notes:
        out.append(f"<p>{html.escape(n)}</p>")
    out.append("</div>")
    header = ("<p class=\"header\">国家公務員の女性活躍とワークライフバランス推進のための取組指針に<br>"
              "基づく取組計画等のフォローアップ（令和5年度）（重点項目）</p>")
    table_head = ('<table class="t"><colgroup><col class="i"><col class="a"><col class="b"></colgroup>'
                  "<tr><td>重点項目</td><td>A</td><td>B</td></tr>"
                  "<tr><td></td><td>取組時期・内容・成果、取組における改善点・課題、それらを踏まえた次のアクション</td>"
                  "<td>WLB取組指針若しくは各府省取組計画の該当箇所</td></tr>")
    for groups in parts:
        for g, group in enumerate(groups):
            if g == 0 or mirror:
                out.append('<div class="page">')
                out.append(header)
            open_table = False
            if g == 0:
                out.append(table_head)
                open_table = True
            for kind, data in group:
                if kind == "row":
                    if not open_table:
                        out.append('<table class="t"><colgroup><col class="i"><col class="a"><col class="b"></colgroup>')
                        open_table = True
                    cells = data[:2] + ["\t".join(data[2:])]
                    out.append("<tr>" + "".join(f"<td>{cell_html(c)}</td>" for c in cells) + "</tr>")
                else:
                    if open_table:
                        out.append("</table>")
                        open_table = False
                    out.append(f"<p>{html.escape(data)}</p>")
            if open_table:
                out.append("</table>")
            if g + 1 == len(groups) or mirror:
                out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def chromium_pdf(html_path, pdf_path):
    profile = tempfile.mkdtemp()
    try:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer",
             "file://" + html_path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def org_pages(pdf_path):
    """Pages on which an organisation's table starts (its header row)."""
    text = subprocess.run(["pdftotext", pdf_path, "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for n, page in enumerate(text.split("\f"), start=1):
        if "取組時期・内容・成果" in re.sub(r"\s", "", page):
            pages.append(n)
    return pages


def main():
    os.makedirs(OUT, exist_ok=True)
    title, contents, notes, parts = parse_report()
    original_pages = [int(c) for row in contents for c in row if c.strip().isdigit()]
    work = tempfile.mkdtemp()
    try:
        for name, layout in LAYOUTS.items():
            html_path = os.path.join(work, name + ".html")
            pdf_path = os.path.join(OUT, name + ".pdf")
            pages = original_pages if layout["mirror"] else [10 + i for i in range(len(original_pages))]
            open(html_path, "w", encoding="utf-8").write(render(layout, pages, title, contents, notes, parts))
            chromium_pdf(html_path, pdf_path)
            found = org_pages(pdf_path)
            in_order = sorted(original_pages)
            # Contents pairs (row order) -> page order.
            if not layout["mirror"]:
                by_rank = {p: found[i] for i, p in enumerate(in_order)}
                pages = [by_rank[p] for p in original_pages]
                open(html_path, "w", encoding="utf-8").write(render(layout, pages, title, contents, notes, parts))
                chromium_pdf(html_path, pdf_path)
                found = org_pages(pdf_path)
            expected = sorted(pages)
            if found != expected:
                sys.exit(f"{name}: organisations start on pages {found}, contents say {expected}")
            print(f"{pdf_path}: {os.path.getsize(pdf_path)} bytes, organisations on pages {found[0]}..{found[-1]}")
        make_broken(os.path.join(OUT, "a4-portrait-flow.pdf"), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make_broken(good, work):
    bad = os.path.join(OUT, "bad")
    os.makedirs(bad, exist_ok=True)
    data = open(good, "rb").read()
    open(os.path.join(bad, "not-a-pdf.pdf"), "wb").write("これはPDFではありません。\n".encode("utf-8"))
    open(os.path.join(bad, "truncated.pdf"), "wb").write(data[: len(data) * 2 // 5])
    subprocess.run(["qpdf", "--encrypt", "secret", "owner-secret", "256", "--", good,
                    os.path.join(bad, "encrypted.pdf")], check=True)
    # A scanned report: page images only.
    png_base = os.path.join(work, "scan")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "3", "-l", "4", good, png_base], check=True)
    pngs = sorted(p for p in os.listdir(work) if p.startswith("scan") and p.endswith(".png"))
    page = "".join(f'<img src="{os.path.join(work, p)}" style="width:100%;break-after:page">' for p in pngs)
    scan_html = os.path.join(work, "scan.html")
    open(scan_html, "w").write(f"<!doctype html><html><body style='margin:0'>{page}</body></html>")
    chromium_pdf(scan_html, os.path.join(bad, "scanned.pdf"))
    # Fonts without ToUnicode, and a CMap pdf-extract cannot handle (it panics).
    qdf = os.path.join(work, "q.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", good, qdf], check=True)
    raw = open(qdf, "rb").read()
    no_map = re.sub(rb"/ToUnicode \d+ 0 R", b"", raw)
    other_cmap = raw.replace(b"/Identity-H", b"/UniJIS-UCS2-H")
    for name, body in (("no-tounicode.pdf", no_map), ("unsupported-cmap.pdf", other_cmap)):
        tmp = os.path.join(work, name)
        open(tmp, "wb").write(body)
        fixed = subprocess.run(["fix-qdf", tmp], check=True, capture_output=True).stdout
        open(tmp, "wb").write(fixed)
        subprocess.run(["qpdf", tmp, os.path.join(bad, name)], check=False)
    for f in sorted(os.listdir(bad)):
        print(f"{os.path.join(bad, f)}: {os.path.getsize(os.path.join(bad, f))} bytes")


if __name__ == "__main__":
    main()
