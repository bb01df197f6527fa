#!/usr/bin/env python3
"""Writes small PDF seeds for the `pdf` fuzz target into fuzz/seeds/pdf/.

The report's real PDFs (tests/fixtures/pdf/) are 500 KB or more, over the target's 256 KB cap.
These are a few KB, written by hand in the shape Chromium gives the report: a Type0 font with
Identity-H and a ToUnicode map, text in table cells between thin rules. Uncompressed streams, so
that the fuzzer's mutations reach the content operators and the CMap; one variant with a
FlateDecode content stream and one with a simple Type1 font. No font program is embedded:
pdf-extract needs only the widths and the ToUnicode map.

Usage: fuzz/seeds/make-pdf-seeds.py   (run from anywhere)
"""

import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pdf")

CELLS = [
    # (x, y, text) in points, y from the bottom of an A4 page
    (50, 800, "内閣官房"),
    (50, 770, "重点項目"),
    (180, 770, "A"),
    (420, 770, "B"),
    (50, 740, "テレワークの推進"),
    (180, 740, "【新規】"),
    (180, 725, "テレワーク中の通話料の負担を軽減。"),
    (420, 740, "II.3(1)"),
    (50, 700, "1on1ミーティング"),
    (180, 700, "【継続】"),
    (180, 685, "管理職と職員の1on1を実施。"),
    (420, 700, "II.2"),
]


def pdf(objects):
    """objects: list of bytes bodies, numbered from 1. Returns the file with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def rules():
    ops = [b"0 0 0 RG 0.5 w"]
    for y in (785, 755, 715, 670):  # row rules as stroked lines
        ops.append(b"50 %d m 545 %d l S" % (y, y))
    for x in (45, 175, 415, 550):  # column rules as thin filled rectangles
        ops.append(b"%d 670 0.5 115 re f" % x)
    return b"\n".join(ops) + b"\n"


def cid_pdf(compress):
    chars = sorted({c for _, _, t in CELLS for c in t})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = bytearray(rules())
    for x, y, text in CELLS:
        hexcodes = "".join("%04X" % cid[c] for c in text)
        content += b"BT /F1 10 Tf 1 0 0 1 %d %d Tm <%s> Tj ET\n" % (x, y, hexcodes.encode())
    content = bytes(content)
    extra = b""
    if compress:
        content, extra = zlib.compress(content), b" /Filter /FlateDecode"
    cmap = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
        b"%d beginbfchar" % len(chars),
    ]
    for c in chars:
        utf16 = c.encode("utf-16-be").hex().upper().encode()
        cmap.append(b"<%04X> <%s>" % (cid[c], utf16))
    cmap += [b"endbfchar", b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    cmap = b"\n".join(cmap)
    widths = b" ".join(b"500" if c.isascii() else b"1000" for c in chars)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content, extra),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /IPAexGothic /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /IPAexGothic "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 1000 /W [1 [" + widths + b"]] >>",
        b"<< /Type /FontDescriptor /FontName /IPAexGothic /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        stream(cmap),
    ])


def latin_pdf():
    content = rules() + (
        b"BT /F1 10 Tf 50 800 Td (Cabinet Secretariat) Tj ET\n"
        b"BT /F1 10 Tf 50 740 Td (Telework) Tj ET\n"
        b"BT /F1 10 Tf 180 740 Td [(Phone) -250 (charges) 120 (during) -250 (telework)] TJ ET\n"
        b"BT /F1 10 Tf 420 740 Td (II.3\\(1\\)) Tj ET\n"
    )
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ])


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [
        ("cid-identity-h.pdf", cid_pdf(False)),
        ("cid-identity-h-flate.pdf", cid_pdf(True)),
        ("type1-latin.pdf", latin_pdf()),
    ]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(name, len(data))


if __name__ == "__main__":
    main()
