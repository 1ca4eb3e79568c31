// SPDX-License-Identifier: GPL-3.0-or-later
#include "similarity/pan_xml.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace lineage::similarity {

qint64 codePointOffset(const QString &text, qint64 utf16Offset)
{
    qint64 lowSurrogates = 0;
    const qint64 end = qMin<qint64>(utf16Offset, text.size());
    for (qint64 i = 0; i < end; ++i)
        lowSurrogates += text.at(i).isLowSurrogate();
    return end - lowSurrogates;
}

PanDocument panDocument(const Alignment &alignment, const QString &suspiciousReference, const QString &suspicious,
                        const QString &sourceReference, const QString &source)
{
    PanDocument doc;
    doc.reference = suspiciousReference;
    for (const Passage &p : alignment.passages) {
        PanDetection d;
        d.thisOffset = codePointOffset(suspicious, p.aStart);
        d.thisLength = codePointOffset(suspicious, p.aEnd) - d.thisOffset;
        d.sourceReference = sourceReference;
        d.sourceOffset = codePointOffset(source, p.bStart);
        d.sourceLength = codePointOffset(source, p.bEnd) - d.sourceOffset;
        doc.detections.push_back(d);
    }
    return doc;
}

QByteArray writePanXml(const PanDocument &document)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("document"));
    w.writeAttribute(QStringLiteral("reference"), document.reference);
    for (const PanDetection &d : document.detections) {
        w.writeEmptyElement(QStringLiteral("feature"));
        w.writeAttribute(QStringLiteral("name"), QStringLiteral("detected-plagiarism"));
        w.writeAttribute(QStringLiteral("this_offset"), QString::number(d.thisOffset));
        w.writeAttribute(QStringLiteral("this_length"), QString::number(d.thisLength));
        w.writeAttribute(QStringLiteral("source_reference"), d.sourceReference);
        w.writeAttribute(QStringLiteral("source_offset"), QString::number(d.sourceOffset));
        w.writeAttribute(QStringLiteral("source_length"), QString::number(d.sourceLength));
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

Result<PanDocument> readPanXml(const QByteArray &xml)
{
    PanDocument doc;
    QXmlStreamReader r(xml);
    bool sawDocument = false;
    auto invalid = [&](const QString &why) {
        return makeError(ErrorCode::InvalidInput, QStringLiteral("PAN XML, line %1: %2").arg(r.lineNumber()).arg(why));
    };
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = r.attributes();
        if (r.name() == QLatin1String("document")) {
            sawDocument = true;
            doc.reference = attrs.value(QLatin1String("reference")).toString();
            continue;
        }
        if (r.name() != QLatin1String("feature"))
            continue;
        const QString name = attrs.value(QLatin1String("name")).toString();
        if (name != QLatin1String("detected-plagiarism") && name != QLatin1String("plagiarism"))
            continue;
        PanDetection d;
        bool ok = true;
        auto number = [&](const char *attr) {
            bool good = false;
            const qint64 v = attrs.value(QLatin1String(attr)).toLongLong(&good);
            ok = ok && good && v >= 0;
            return v;
        };
        d.thisOffset = number("this_offset");
        d.thisLength = number("this_length");
        d.sourceOffset = number("source_offset");
        d.sourceLength = number("source_length");
        d.sourceReference = attrs.value(QLatin1String("source_reference")).toString();
        if (!ok)
            return invalid(QStringLiteral("a feature lacks a valid offset or length"));
        doc.detections.push_back(d);
    }
    if (r.hasError())
        return invalid(r.errorString());
    if (!sawDocument)
        return invalid(QStringLiteral("no <document> element"));
    return doc;
}

} // namespace lineage::similarity
