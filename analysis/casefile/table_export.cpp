// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/table_export.h"

#include "casefile/case_file.h"
#include "casefile/table_store.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace lineage::casefile {

namespace {

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString cellText(const TableColumn &c, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    if (c.type == ColumnType::Time)
        return isoUtc(v.toLongLong());
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

QJsonValue cellJson(const TableColumn &c, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue::Null;
    if (c.type == ColumnType::Time)
        return isoUtc(v.toLongLong());
    switch (v.typeId()) {
    case QMetaType::LongLong:
        return v.toLongLong();
    case QMetaType::Double:
        return v.toDouble();
    default:
        return v.toString();
    }
}

// Writes through to the file and the hash; counts bytes.
class Sink
{
public:
    explicit Sink(QSaveFile &file) : m_file(file) { }
    bool write(const QByteArray &bytes)
    {
        m_hash.addData(bytes);
        m_bytes += bytes.size();
        return m_file.write(bytes) == bytes.size();
    }
    qint64 bytes() const { return m_bytes; }
    QString sha256() { return QString::fromLatin1(m_hash.result().toHex()); }

private:
    QSaveFile &m_file;
    QCryptographicHash m_hash { QCryptographicHash::Sha256 };
    qint64 m_bytes = 0;
};

} // namespace

QByteArray TableExport::csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

Result<TableExportSummary> TableExport::run(CaseFile &file, const TableSpec &spec, const TableQuery &query,
                                            const TableExportOptions &options, Feedback &feedback)
{
    if (file.mode() != OpenMode::ReadWrite)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The case is open read-only; an export is recorded in its audit log, so it "
                                        "needs a case that can be written."));
    auto total = TableStore::count(file.db(), spec, query);
    if (!total)
        return total.error();
    QSaveFile out(options.path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(options.path, out.errorString()));
    Sink sink(out);
    const QList<int> columns = spec.shownColumns();
    const bool csv = options.format == ExportFormat::Csv;
    if (csv) {
        QByteArray header = options.byteOrderMark ? QByteArray("\xEF\xBB\xBF") : QByteArray();
        for (int i = 0; i < columns.size(); ++i)
            header += (i ? "," : "") + csvField(spec.columns[columns[i]].key);
        header += "\r\n";
        if (!sink.write(header))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(options.path, out.errorString()));
    }
    feedback.setPhase(QStringLiteral("Exporting %1").arg(spec.title), *total, QStringLiteral("rows"));
    TableExportSummary summary;
    QByteArray line;
    auto status = TableStore::forEach(file.db(), spec, query, feedback, [&](const TableRow &row) -> Status {
        line.clear();
        if (csv) {
            for (int i = 0; i < columns.size(); ++i) {
                if (i)
                    line += ',';
                line += csvField(cellText(spec.columns[columns[i]], row.values[i]));
            }
            line += "\r\n";
        } else {
            QJsonObject o;
            for (int i = 0; i < columns.size(); ++i)
                o.insert(spec.columns[columns[i]].key, cellJson(spec.columns[columns[i]], row.values[i]));
            line = QJsonDocument(o).toJson(QJsonDocument::Compact);
            line += '\n';
        }
        if (!sink.write(line))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot write %1: %2").arg(options.path, out.errorString()));
        ++summary.rows;
        if ((summary.rows & 0xFFF) == 0)
            feedback.setProgress(summary.rows, summary.rows);
        return {};
    });
    if (!status) {
        out.cancelWriting();
        return status.error();
    }
    if (feedback.isCanceled()) {
        out.cancelWriting();
        return makeError(ErrorCode::Canceled, QStringLiteral("Canceled."));
    }
    summary.bytes = sink.bytes();
    summary.sha256 = sink.sha256();
    feedback.setProgress(summary.rows, summary.rows);
    // The entry and the file go together: the file is renamed into place inside the change,
    // and a failed rename rolls the entry back.
    const QJsonObject params {
        { QStringLiteral("table"), spec.name },
        { QStringLiteral("query"), query.toJson() },
        { QStringLiteral("format"), csv ? QStringLiteral("csv") : QStringLiteral("jsonl") },
        { QStringLiteral("bom"), csv && options.byteOrderMark },
        { QStringLiteral("path"), QFileInfo(options.path).absoluteFilePath() },
    };
    auto audited = file.auditedChange(
        QStringLiteral("table.export"), QStringLiteral("table:%1").arg(spec.name), params,
        [&]() -> Result<QJsonObject> {
            if (!out.commit())
                return makeError(ErrorCode::Io,
                                 QStringLiteral("Cannot write %1: %2").arg(options.path, out.errorString()));
            return QJsonObject { { QStringLiteral("rows"), summary.rows },
                                 { QStringLiteral("bytes"), summary.bytes },
                                 { QStringLiteral("sha256"), summary.sha256 } };
        });
    if (!audited)
        return audited.error();
    return summary;
}

} // namespace lineage::casefile
