#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes cjk_cid_font.pdf, three A4 pages as Chinese office programs and scanners write them:
#   1. a clause heading in Helvetica and a Chinese clause in STSong-Light, a standard CID font
#      (Adobe-GB1, CMap UniGB-UCS2-H) that is not embedded: its text comes out only where
#      Poppler has the Adobe-GB1 CMaps (Debian's poppler-data);
#   2. a "scanned" page: an image and no text at all;
#   3. a heading in Helvetica and a line in a CID font of a character collection no reader
#      has (Adobe-Lineage, CMap UniLineage-UCS2-H): Poppler reports the missing CMap.
import os

CLAUSE = "不得使用本服务的输出开发与本公司竞争的模型。"
LOST = "本条款的中文文本。"


def ucs2(text):
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def stream(body, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def page(contents, resources):
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources %s >>"
            % (contents, resources))


# An 8 x 8 grey "scan" with dark strokes, drawn across most of the page.
image = bytes(40 if (x + y) % 3 == 0 else 230 for y in range(8) for x in range(8))

objects = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
    3: page(6, b"<< /Font << /F1 12 0 R /F2 9 0 R >> >>"),
    4: page(7, b"<< /XObject << /Im1 13 0 R >> >>"),
    5: page(8, b"<< /Font << /F1 12 0 R /F3 14 0 R >> >>"),
    6: stream(b"BT /F1 12 Tf 72 760 Td (4. Restrictions on use) Tj ET\n"
              b"BT /F2 14 Tf 72 730 Td " + ucs2(CLAUSE) + b" Tj ET"),
    7: stream(b"q 450 0 0 600 72 120 cm /Im1 Do Q"),
    8: stream(b"BT /F1 12 Tf 72 760 Td (5. Language) Tj ET\n"
              b"BT /F3 14 Tf 72 730 Td " + ucs2(LOST) + b" Tj ET"),
    9: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
       b"/DescendantFonts [10 0 R] >>",
    10: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 11 0 R /DW 1000 >>",
    11: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    12: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    13: stream(image, b" /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                      b"/BitsPerComponent 8"),
    14: b"<< /Type /Font /Subtype /Type0 /BaseFont /LineageTestSong /Encoding /UniLineage-UCS2-H "
        b"/DescendantFonts [15 0 R] >>",
    15: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /LineageTestSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Lineage) /Supplement 0 >> /FontDescriptor 16 0 R "
        b"/DW 1000 >>",
    16: b"<< /Type /FontDescriptor /FontName /LineageTestSong /Flags 6 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
}

out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for number in range(1, len(objects) + 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cjk_cid_font.pdf"), "wb") as f:
    f.write(out)
