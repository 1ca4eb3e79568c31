// SPDX-License-Identifier: GPL-3.0-or-later
// The report's text: composeReport() walks the sections (each written in its compose_*.cpp)
// and plainText() reads the blocks back as lines.
#include "report/report_composer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace lineage::report {

namespace compose {

QString num(double v, int precision)
{
    return QString::number(v, 'g', precision);
}

QString opt(const std::optional<double> &v, int precision)
{
    return v ? num(*v, precision) : QStringLiteral("-");
}

QString bytes(qint64 n)
{
    return QLocale::c().toString(n) + QStringLiteral(" bytes");
}

QString jsonValue(const QJsonValue &v)
{
    if (v.isString()) // an empty value prints as such, not as a blank cell a reader takes for missing
        return v.toString().isEmpty() ? QStringLiteral("(empty)") : v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return num(v.toDouble(), 10);
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("not set");
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

ReportDocument ReportComposer::compose()
{
    doc.title = d.info.title.isEmpty() ? d.caseFileName : d.info.title;
    doc.classification = d.info.classification.isEmpty() ? QStringLiteral("UNCLASSIFIED") : d.info.classification;
    doc.caseNumber = d.info.caseNumber.isEmpty() ? QStringLiteral("(no case number)") : d.info.caseNumber;
    doc.auditHead = d.audit.headHash;
    doc.generated = d.time(d.generatedUtc);
    for (Section s : d.options.sections) {
        switch (s) {
        case Section::Cover:
            cover();
            break;
        case Section::Contents:
            contents();
            break;
        case Section::Summary:
            summary();
            break;
        case Section::Methodology:
            methodology();
            break;
        case Section::Findings:
            findings();
            break;
        case Section::Exhibits:
            exhibits();
            break;
        case Section::Comments:
            comments();
            break;
        case Section::Documents:
            documents();
            break;
        case Section::Timeline:
            timelineSection();
            break;
        case Section::Custody:
            custody();
            break;
        case Section::Audit:
            audit();
            break;
        case Section::Verification:
            verification();
            break;
        case Section::Versions:
            versions();
            break;
        }
    }
    return doc;
}

} // namespace compose

namespace {

QString runsText(const TextRuns &runs)
{
    QString s;
    for (const TextRun &r : runs)
        s += r.text;
    return s;
}

} // namespace

ReportDocument composeReport(const ReportData &data)
{
    return compose::ReportComposer(data).compose();
}

QString plainText(const ReportDocument &document)
{
    QStringList lines;
    for (const Block &b : document.blocks) {
        switch (b.kind) {
        case Block::Kind::Title:
        case Block::Kind::Heading:
        case Block::Kind::Paragraph:
        case Block::Kind::Contents:
            lines << runsText(b.runs);
            break;
        case Block::Kind::Table:
            if (!b.table.header.isEmpty())
                lines << b.table.header.join(QLatin1Char('\t'));
            for (const QStringList &row : b.table.rows)
                lines << row.join(QLatin1Char('\t'));
            break;
        case Block::Kind::Chart:
            lines << b.chart.title << b.chart.caption;
            break;
        case Block::Kind::Passage:
            lines << b.leftLabel << runsText(b.left) << b.rightLabel << runsText(b.right);
            break;
        case Block::Kind::PageBreak:
            break;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lineage::report
