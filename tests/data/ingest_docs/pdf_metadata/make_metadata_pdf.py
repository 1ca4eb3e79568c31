#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes metadata.pdf: one Letter page with "Master Services Agreement dated March 3, 2023"
# in Helvetica and an Info dictionary with title, author and creation/modification dates.
import os

objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    None,  # content stream
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    b"<< /Title (Master Services Agreement) /Author (Jane Counsel) "
    b"/CreationDate (D:20230303093000Z) /ModDate (D:20230410120000+02'00') >>",
]
text = b"BT /F1 14 Tf 72 700 Td (Master Services Agreement dated March 3, 2023) Tj ET"
objects[3] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"

out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, body in enumerate(objects, start=1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "metadata.pdf"), "wb") as f:
    f.write(out)
