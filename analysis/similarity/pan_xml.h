// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "similarity/span_alignment.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace lineage::similarity {

// Shared passages in the PAN text-alignment format (PAN@CLEF plagiarism detection), so that
// results can be scored with the PAN evaluation tools:
//   <document reference="suspicious.txt">
//     <feature name="detected-plagiarism" this_offset=".." this_length=".."
//              source_reference="source.txt" source_offset=".." source_length=".."/>
//   </document>
// PAN offsets and lengths count characters (Unicode code points) of the documents, not
// UTF-16 units: panDocument() converts.
struct PanDetection
{
    qint64 thisOffset = 0;
    qint64 thisLength = 0;
    QString sourceReference;
    qint64 sourceOffset = 0;
    qint64 sourceLength = 0;

    bool operator==(const PanDetection &) const = default;
};

struct PanDocument
{
    QString reference; // the suspicious document's file name
    std::vector<PanDetection> detections;

    bool operator==(const PanDocument &) const = default;
};

// The alignment of `suspicious` (side A) against `source` (side B) as a PAN document.
PanDocument panDocument(const Alignment &alignment, const QString &suspiciousReference, const QString &suspicious,
                        const QString &sourceReference, const QString &source);

QByteArray writePanXml(const PanDocument &document);
// Reads a PAN detection (or ground-truth) file; other features are skipped. Malformed XML
// or a missing attribute -> ErrorCode::InvalidInput with the line.
[[nodiscard]] Result<PanDocument> readPanXml(const QByteArray &xml);

// UTF-16 offset -> code point offset in `text`.
qint64 codePointOffset(const QString &text, qint64 utf16Offset);

} // namespace lineage::similarity
