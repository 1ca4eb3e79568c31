// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/case_bundle.h"

#include "casefile/audit_log.h"
#include "casefile/evidence_store.h"
#include "casefile/report_store.h"
#include "casefile/source_store.h"
#include "core/version.h"
#include "report/bundle_archive.h"
#include "report/bundle_signing.h"
#include "report/report_writer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace lineage::report {

using namespace lineage::casefile;

namespace {

const qint64 kPiece = 1 << 20;
const QString kCaseRole = QStringLiteral("case");
const QString kEvidenceRole = QStringLiteral("evidence");
const QString kReportRole = QStringLiteral("report");
const QString kReportEntry = QStringLiteral("report/report.pdf");

QString safeName(QString name)
{
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    name.replace(QLatin1Char('\\'), QLatin1Char('_'));
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        name = QStringLiteral("original");
    return name;
}

QString evidenceEntry(const SourceRow &s)
{
    return QStringLiteral("evidence/%1/%2").arg(s.sha256, safeName(s.originalName));
}

QString hex(QCryptographicHash &h)
{
    return QString::fromLatin1(h.result().toHex());
}

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The export was canceled."));
}

// Streams a file into the archive as `name`, hashing it; returns its manifest entry.
Result<QJsonObject> addFile(ZipWriter &zip, const QString &path, const QString &name, const QString &role,
                            Feedback &feedback)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be read.").arg(path), f.errorString());
    if (auto s = zip.beginEntry(name, f.size()); !s)
        return s.error();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 total = 0;
    while (!f.atEnd()) {
        if (feedback.isCanceled())
            return canceled();
        const QByteArray piece = f.read(kPiece);
        if (piece.isEmpty() && f.error() != QFile::NoError)
            return makeError(ErrorCode::Io, QStringLiteral("%1 could not be read.").arg(path), f.errorString());
        hash.addData(piece);
        if (auto s = zip.write(piece); !s)
            return s.error();
        total += piece.size();
    }
    return QJsonObject { { QStringLiteral("path"), name },
                         { QStringLiteral("sha256"), hex(hash) },
                         { QStringLiteral("size"), total },
                         { QStringLiteral("role"), role } };
}

Result<std::pair<qint64, QString>> auditHead(Database &db)
{
    auto count = AuditLog::count(db);
    if (!count)
        return count.error();
    QString head = QString::fromLatin1(AuditLog::kGenesisHash);
    if (*count > 0) {
        auto last = AuditLog::entries(db, *count, 1);
        if (!last)
            return last.error();
        if (!last->isEmpty())
            head = last->first().hash;
    }
    return std::pair<qint64, QString>(*count, head);
}

QString fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hex(hash);
}

} // namespace

Result<ExportedBundle> exportBundle(CaseFile &file, const QString &bundlePath, const ExportOptions &options,
                                    Feedback &feedback)
{
    QByteArray privateKey;
    if (!options.signingKey.isEmpty()) {
        QFile key(options.signingKey);
        if (!key.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io,
                             QStringLiteral("The signing key %1 could not be read.").arg(options.signingKey),
                             key.errorString());
        privateKey = key.readAll();
    }
    QTemporaryDir work;
    if (!work.isValid())
        return makeError(ErrorCode::Io, QStringLiteral("No temporary folder for the export."), work.errorString());
    const QString caseName = safeName(QFileInfo(file.path()).fileName());
    const QString snapshotPath = work.filePath(caseName);
    if (auto s = ReportStore::snapshot(file.db(), snapshotPath, feedback); !s)
        return s.error().code == ErrorCode::Canceled ? canceled() : s.error();

    auto snapshot = CaseFile::open(snapshotPath, file.investigator(), OpenMode::ReadOnly);
    if (!snapshot)
        return snapshot.error();
    Database &db = (*snapshot)->db();
    auto info = (*snapshot)->info();
    if (!info)
        return info.error();
    auto head = auditHead(db);
    if (!head)
        return head.error();
    auto sources = SourceStore::list(db);
    if (!sources)
        return sources.error();

    const qint64 created = QDateTime::currentMSecsSinceEpoch();
    QString reportPath;
    if (options.withReport) {
        reportPath = work.filePath(QStringLiteral("report.pdf"));
        auto written = writeReport(**snapshot, ReportOptions {}, reportPath, {}, feedback);
        if (!written)
            return written.error();
    }

    const QString partial = bundlePath + QStringLiteral(".part");
    QFile::remove(partial);
    ExportedBundle out;
    auto body = [&]() -> Status {
        ZipWriter zip;
        if (auto s = zip.open(partial, created / 1000); !s)
            return s;
        QJsonArray files;
        feedback.setPhase(QStringLiteral("Writing the case snapshot"));
        auto caseEntry = addFile(zip, snapshotPath, QStringLiteral("case/") + caseName, kCaseRole, feedback);
        if (!caseEntry)
            return caseEntry.error();
        files.append(*caseEntry);

        qint64 evidenceTotal = 0;
        for (const SourceRow &s : *sources)
            evidenceTotal += s.size;
        feedback.setPhase(QStringLiteral("Writing the originals"), evidenceTotal, QStringLiteral("bytes"));
        EvidenceReader reader(db);
        QJsonArray sourceList;
        qint64 done = 0;
        for (const SourceRow &s : *sources) {
            auto blob = reader.info(s.sha256);
            if (!blob)
                return blob.error();
            const QString name = evidenceEntry(s);
            if (auto st = zip.beginEntry(name, blob->size); !st)
                return st;
            QCryptographicHash hash(QCryptographicHash::Sha256);
            qint64 size = 0;
            Status writeStatus;
            bool stopped = false;
            auto st = reader.forEachChunk(s.sha256, [&](const QByteArray &chunk) {
                if (feedback.isCanceled()) {
                    stopped = true;
                    return false;
                }
                hash.addData(chunk);
                size += chunk.size();
                done += chunk.size();
                feedback.setProgress(done, done);
                writeStatus = zip.write(chunk);
                return writeStatus.ok();
            });
            if (stopped)
                return canceled();
            if (!writeStatus)
                return writeStatus;
            if (!st)
                return st;
            files.append(QJsonObject { { QStringLiteral("path"), name },
                                       { QStringLiteral("sha256"), hex(hash) },
                                       { QStringLiteral("size"), size },
                                       { QStringLiteral("role"), kEvidenceRole } });
            sourceList.append(QJsonObject { { QStringLiteral("id"), s.id },
                                            { QStringLiteral("name"), s.originalName },
                                            { QStringLiteral("kind"), s.kind },
                                            { QStringLiteral("sha256"), s.sha256 },
                                            { QStringLiteral("size"), s.size },
                                            { QStringLiteral("path"), name } });
        }
        if (!reportPath.isEmpty()) {
            feedback.setPhase(QStringLiteral("Writing the report"));
            auto reportEntry = addFile(zip, reportPath, kReportEntry, kReportRole, feedback);
            if (!reportEntry)
                return reportEntry.error();
            files.append(*reportEntry);
        }

        const QJsonObject manifest {
            { QStringLiteral("format"), kBundleFormat },
            { QStringLiteral("created_utc"), created },
            { QStringLiteral("program_version"), programVersion() },
            { QStringLiteral("case"),
              QJsonObject { { QStringLiteral("title"), info->title },
                            { QStringLiteral("number"), info->caseNumber },
                            { QStringLiteral("investigator"), info->investigator },
                            { QStringLiteral("classification"), info->classification },
                            { QStringLiteral("zone"), info->displayTimeZone },
                            { QStringLiteral("schema"), (*snapshot)->schemaVersion() },
                            { QStringLiteral("file"), QStringLiteral("case/") + caseName } } },
            { QStringLiteral("audit"),
              QJsonObject { { QStringLiteral("entries"), head->first }, { QStringLiteral("head"), head->second } } },
            { QStringLiteral("sources"), sourceList },
            { QStringLiteral("files"), files },
        };
        const QByteArray manifestBytes = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
        if (auto st = zip.beginEntry(kManifestName, manifestBytes.size()); !st)
            return st;
        if (auto st = zip.write(manifestBytes); !st)
            return st;
        if (!privateKey.isEmpty()) {
            auto sig = signMessage(privateKey, manifestBytes);
            if (!sig)
                return sig.error();
            const QByteArray sigText = sig->signature.toBase64() + '\n';
            if (auto st = zip.beginEntry(kSignatureName, sigText.size()); !st)
                return st;
            if (auto st = zip.write(sigText); !st)
                return st;
            if (auto st = zip.beginEntry(kSignerName, sig->publicPem.size()); !st)
                return st;
            if (auto st = zip.write(sig->publicPem); !st)
                return st;
            auto fp = publicKeyFingerprint(sig->publicPem);
            if (!fp)
                return fp.error();
            out.signedBundle = true;
            out.fingerprint = *fp;
        }
        out.files = int(files.size());
        if (auto st = zip.close(); !st)
            return st;
        return sealArchive(partial);
    };
    if (Status s = body(); !s) {
        QFile::remove(partial);
        return s.error();
    }
    QFile::remove(bundlePath);
    if (!QFile::rename(partial, bundlePath)) {
        QFile::remove(partial);
        return makeError(ErrorCode::Io, QStringLiteral("The bundle could not be written to %1.").arg(bundlePath));
    }
    out.path = bundlePath;
    out.sha256 = fileSha256(bundlePath);
    out.size = QFileInfo(bundlePath).size();
    out.auditEntries = head->first;
    out.auditHead = head->second;

    if (file.mode() == OpenMode::ReadWrite) {
        const QJsonObject params { { QStringLiteral("path"), QFileInfo(bundlePath).absoluteFilePath() },
                                   { QStringLiteral("signed"), out.signedBundle },
                                   { QStringLiteral("fingerprint"), out.fingerprint } };
        auto s = file.auditedChange(QStringLiteral("case.export"), QStringLiteral("case"), params,
                                    [&]() -> Result<QJsonObject> {
                                        return QJsonObject { { QStringLiteral("sha256"), out.sha256 },
                                                             { QStringLiteral("size"), out.size },
                                                             { QStringLiteral("audit_head"), out.auditHead } };
                                    });
        if (!s)
            return s.error();
    }
    return out;
}

} // namespace lineage::report
