// SPDX-License-Identifier: GPL-3.0-or-later
// Verification and restoring of case bundles (see case_bundle.h).
#include "casefile/audit_log.h"
#include "casefile/source_store.h"
#include "report/bundle_archive.h"
#include "report/bundle_signing.h"
#include "report/case_bundle.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

namespace lineage::report {

using namespace lineage::casefile;

namespace {

const qint64 kSmallFileLimit = 1 << 20; // manifest, signature, public key

struct SeenEntry
{
    QString sha256;
    qint64 size = 0;
    qint64 headerSize = -1;
    qint64 mtime = 0;
};

bool isSafePath(const QString &name)
{
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return false;
    for (const QString &part : name.split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String("..") || part == QLatin1String("."))
            return false;
    return true;
}

} // namespace

Result<BundleVerification> verifyBundle(const QString &bundlePath, Feedback &feedback)
{
    BundleVerification v;
    auto problem = [&v](const QString &file, const QString &message) { v.problems.append({ file, message }); };
    if (!QFileInfo::exists(bundlePath))
        return makeError(ErrorCode::Io, QStringLiteral("%1 does not exist.").arg(bundlePath));
    QTemporaryDir work;
    if (!work.isValid())
        return makeError(ErrorCode::Io, QStringLiteral("No temporary folder for the check."), work.errorString());

    // 1. Every entry as the stream of local headers gives it: hashed, its CRC checked; the
    // small files kept, the case snapshot extracted.
    QList<QString> order;
    QHash<QString, SeenEntry> seen;
    QHash<QString, QByteArray> small;
    QString snapshotPath;
    QString snapshotEntry;
    QList<QString> duplicates;
    feedback.setPhase(QStringLiteral("Checking the archive"), QFileInfo(bundlePath).size(), QStringLiteral("bytes"));
    qint64 done = 0;
    std::unique_ptr<QCryptographicHash> hash;
    std::unique_ptr<QFile> out;
    QString current;
    auto finishEntry = [&]() {
        if (current.isEmpty())
            return;
        seen[current].sha256 = QString::fromLatin1(hash->result().toHex());
        out.reset();
        current.clear();
    };
    Status read = ZipReader::read(bundlePath, false, [&](const ZipReader::Entry &e) -> ZipReader::EntrySink {
        finishEntry();
        if (e.isDirectory)
            return {};
        if (seen.contains(e.name)) {
            duplicates << e.name;
            return {};
        }
        order << e.name;
        current = e.name;
        seen.insert(e.name, SeenEntry { {}, 0, e.size, e.mtime });
        hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
        if (e.name.startsWith(QLatin1String("case/")) && e.name.endsWith(QLatin1String(".lineage"))
            && snapshotPath.isEmpty() && isSafePath(e.name)) {
            snapshotEntry = e.name;
            snapshotPath = work.filePath(QStringLiteral("snapshot.lineage"));
            out = std::make_unique<QFile>(snapshotPath);
            if (!out->open(QIODevice::WriteOnly))
                out.reset();
        }
        const QString name = e.name;
        return [&, name](const QByteArray &piece) {
            if (feedback.isCanceled())
                return false;
            hash->addData(piece);
            SeenEntry &s = seen[name];
            s.size += piece.size();
            if ((name == kManifestName || name == kSignatureName || name == kSignerName) && s.size <= kSmallFileLimit)
                small[name].append(piece);
            if (out)
                out->write(piece);
            done += piece.size();
            feedback.setProgress(done);
            return true;
        };
    });
    finishEntry();
    if (!read) {
        if (read.error().code == ErrorCode::Canceled)
            return read.error();
        problem(current.isEmpty() ? QStringLiteral("archive") : current,
                read.error().message
                    + (read.error().detail.isEmpty()
                           ? QString()
                           : QStringLiteral(" (") + read.error().detail + QStringLiteral(")")));
    }
    for (const QString &d : duplicates)
        problem(d, QStringLiteral("The archive holds this file twice."));

    // 2. The central directory must list the same files, sizes and times.
    QList<QString> directoryOrder;
    QHash<QString, ZipReader::Entry> directory;
    Status central = ZipReader::read(bundlePath, true, [&](const ZipReader::Entry &e) -> ZipReader::EntrySink {
        directoryOrder << e.name;
        directory.insert(e.name, e);
        return {};
    });
    if (!central)
        problem(QStringLiteral("archive"),
                QStringLiteral("The archive's central directory is damaged: %1").arg(central.error().detail));
    else if (directoryOrder != order)
        problem(QStringLiteral("archive"),
                QStringLiteral("The archive's central directory does not list the files its entries hold."));

    // The seal over every byte of the archive; named as the archive's structure when the
    // entries themselves are intact (their problems name them otherwise).
    QString sealProblem;
    auto sealed = checkSeal(bundlePath, &sealProblem);
    if (!sealed)
        return sealed.error();
    if (!*sealed)
        problem(QStringLiteral("archive"), sealProblem);

    // 3. The manifest.
    if (!seen.contains(kManifestName)) {
        problem(kManifestName, QStringLiteral("The bundle has no manifest."));
        return v;
    }
    QJsonParseError parseError;
    const QJsonDocument manifestDoc = QJsonDocument::fromJson(small.value(kManifestName), &parseError);
    if (!manifestDoc.isObject() || manifestDoc.object().value(QStringLiteral("format")).toString() != kBundleFormat) {
        problem(kManifestName,
                QStringLiteral("The manifest is not a Lineage bundle manifest (%1).").arg(parseError.errorString()));
        return v;
    }
    v.manifest = manifestDoc.object();
    const qint64 created = qint64(v.manifest.value(QStringLiteral("created_utc")).toDouble());
    const QJsonObject audit = v.manifest.value(QStringLiteral("audit")).toObject();
    v.auditEntries = qint64(audit.value(QStringLiteral("entries")).toDouble());
    v.auditHead = audit.value(QStringLiteral("head")).toString();

    // 4. The signature over the manifest's exact bytes.
    const bool hasSig = seen.contains(kSignatureName);
    const bool hasSigner = seen.contains(kSignerName);
    v.signedBundle = hasSig || hasSigner;
    if (hasSig != hasSigner) {
        problem(hasSig ? kSignerName : kSignatureName,
                QStringLiteral("The bundle has a signature or a signer's key but not both."));
    } else if (hasSig) {
        auto fp = publicKeyFingerprint(small.value(kSignerName));
        if (!fp) {
            problem(kSignerName, fp.error().message);
        } else {
            v.fingerprint = *fp;
            const QByteArray sig = QByteArray::fromBase64(small.value(kSignatureName).trimmed());
            auto valid = verifySignature(small.value(kSignerName), small.value(kManifestName), sig);
            v.signatureValid = valid && *valid;
            if (!v.signatureValid) {
                // Any of the three may have been changed: each is named.
                const QString why = QStringLiteral("The signature does not match the manifest under the signer's key: "
                                                   "the manifest, the signature or the key was changed.");
                problem(kSignatureName, why);
                problem(kSignerName, why);
                problem(kManifestName, why);
            }
        }
    }

    // 5. Every file the manifest lists, as listed; nothing else.
    QSet<QString> listed { kManifestName, kSignatureName, kSignerName };
    for (const QJsonValue &value : v.manifest.value(QStringLiteral("files")).toArray()) {
        const QJsonObject f = value.toObject();
        const QString path = f.value(QStringLiteral("path")).toString();
        listed.insert(path);
        if (!seen.contains(path)) {
            problem(path, QStringLiteral("The file is missing from the bundle."));
            continue;
        }
        const SeenEntry &s = seen[path];
        ++v.filesChecked;
        v.bytesChecked += s.size;
        if (s.size != qint64(f.value(QStringLiteral("size")).toDouble()))
            problem(path,
                    QStringLiteral("The file has %1 bytes; the manifest says %2.")
                        .arg(s.size)
                        .arg(qint64(f.value(QStringLiteral("size")).toDouble())));
        else if (s.sha256 != f.value(QStringLiteral("sha256")).toString())
            problem(path,
                    QStringLiteral("The file's SHA-256 is %1; the manifest says %2.")
                        .arg(s.sha256, f.value(QStringLiteral("sha256")).toString()));
    }
    for (const QString &name : order) {
        if (!listed.contains(name))
            problem(name, QStringLiteral("The file is not in the manifest (added after export)."));
        const SeenEntry &s = seen[name];
        if (s.headerSize >= 0 && s.headerSize != s.size)
            problem(
                name,
                QStringLiteral("The archive header gives %1 bytes, the entry holds %2.").arg(s.headerSize).arg(s.size));
        if (s.mtime != created / 1000)
            problem(name, QStringLiteral("The archive header's time was changed."));
        const auto d = directory.constFind(name);
        if (d != directory.cend() && ((d->size >= 0 && d->size != s.size) || d->mtime != s.mtime))
            problem(name, QStringLiteral("The central directory's size or time differs from the entry's."));
    }

    // 6. The snapshot: integrity, audit chain, evidence hashes; the chain against the manifest;
    // the originals against the sources.
    const QString caseFile
        = v.manifest.value(QStringLiteral("case")).toObject().value(QStringLiteral("file")).toString();
    if (snapshotPath.isEmpty() || snapshotEntry != caseFile) {
        problem(caseFile.isEmpty() ? QStringLiteral("case") : caseFile,
                QStringLiteral("The case snapshot is missing."));
        return v;
    }
    auto snapshot = CaseFile::open(snapshotPath, Investigator::current(), OpenMode::ReadOnly);
    if (!snapshot) {
        problem(caseFile, QStringLiteral("The case snapshot does not open: %1").arg(snapshot.error().message));
        return v;
    }
    auto report = (*snapshot)->verify(feedback);
    if (!report)
        return report.error();
    for (const VerificationProblem &p : report->problems)
        problem(caseFile, QStringLiteral("%1 %2: %3").arg(p.area, p.item, p.message));
    Database &db = (*snapshot)->db();
    auto count = AuditLog::count(db);
    if (!count)
        return count.error();
    QString head = QString::fromLatin1(AuditLog::kGenesisHash);
    if (*count > 0) {
        auto last = AuditLog::entries(db, *count, 1);
        if (last && !last->isEmpty())
            head = last->first().hash;
    }
    if (*count != v.auditEntries || head != v.auditHead)
        problem(caseFile,
                QStringLiteral("The audit chain has %1 entries ending in %2; the manifest says %3 ending in %4 "
                               "(entries were removed or added).")
                    .arg(*count)
                    .arg(head.left(16))
                    .arg(v.auditEntries)
                    .arg(v.auditHead.left(16)));
    auto sources = SourceStore::list(db);
    if (!sources)
        return sources.error();
    QHash<QString, QJsonObject> manifestFiles;
    for (const QJsonValue &value : v.manifest.value(QStringLiteral("files")).toArray())
        manifestFiles.insert(value.toObject().value(QStringLiteral("path")).toString(), value.toObject());
    QHash<qint64, QJsonObject> manifestSources;
    for (const QJsonValue &value : v.manifest.value(QStringLiteral("sources")).toArray())
        manifestSources.insert(qint64(value.toObject().value(QStringLiteral("id")).toDouble()), value.toObject());
    if (manifestSources.size() != sources->size())
        problem(kManifestName,
                QStringLiteral("The manifest lists %1 sources; the case has %2.")
                    .arg(manifestSources.size())
                    .arg(sources->size()));
    for (const SourceRow &s : *sources) {
        const QJsonObject ms = manifestSources.value(s.id);
        const QString path = ms.value(QStringLiteral("path")).toString();
        if (ms.isEmpty() || ms.value(QStringLiteral("sha256")).toString() != s.sha256) {
            problem(kManifestName,
                    QStringLiteral("Source %1 (%2) is not listed with its SHA-256.").arg(s.id).arg(s.originalName));
            continue;
        }
        const SeenEntry e = seen.value(path);
        if (e.sha256 != s.sha256 || e.size != s.size)
            problem(path.isEmpty() ? QStringLiteral("evidence") : path,
                    QStringLiteral("The original of source %1 does not have the hash the case recorded at import.")
                        .arg(s.id));
    }
    return v;
}

Result<OpenedBundle> openBundle(const QString &bundlePath, const QString &directory, Feedback &feedback)
{
    auto verification = verifyBundle(bundlePath, feedback);
    if (!verification)
        return verification.error();
    OpenedBundle opened;
    opened.verification = *verification;
    if (!verification->ok()) {
        const BundleProblem &first = verification->problems.first();
        return makeError(ErrorCode::Corrupt,
                         QStringLiteral("The bundle failed verification and was not opened: %1: %2 (%3 problem(s); "
                                        "lineage-cli verify lists them).")
                             .arg(first.file, first.message)
                             .arg(verification->problems.size()));
    }
    QDir dir(directory);
    if (!dir.mkpath(QStringLiteral(".")))
        return makeError(ErrorCode::Io, QStringLiteral("The folder %1 could not be made.").arg(directory));
    const QString caseEntry
        = verification->manifest.value(QStringLiteral("case")).toObject().value(QStringLiteral("file")).toString();
    std::unique_ptr<QFile> out;
    Error writeError;
    bool failed = false;
    Status read = ZipReader::read(bundlePath, false, [&](const ZipReader::Entry &e) -> ZipReader::EntrySink {
        out.reset();
        if (failed || e.isDirectory || !isSafePath(e.name))
            return {};
        QString target;
        if (e.name == caseEntry)
            target = dir.filePath(QFileInfo(e.name).fileName());
        else if (e.name.startsWith(QLatin1String("evidence/")) || e.name.startsWith(QLatin1String("report/")))
            target = dir.filePath(e.name);
        else
            return {};
        dir.mkpath(QFileInfo(target).path());
        out = std::make_unique<QFile>(target);
        if (!out->open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            writeError = makeError(
                ErrorCode::Io,
                QStringLiteral("%1 exists already or cannot be written; nothing is overwritten.").arg(target));
            failed = true;
            out.reset();
            return {};
        }
        if (e.name == caseEntry)
            opened.casePath = target;
        else if (e.name.startsWith(QLatin1String("report/")))
            opened.reportPath = target;
        else
            opened.evidence << target;
        return [&](const QByteArray &piece) {
            if (feedback.isCanceled())
                return false;
            return out && out->write(piece) == piece.size();
        };
    });
    out.reset();
    if (failed)
        return writeError;
    if (!read)
        return read.error();
    return opened;
}

} // namespace lineage::report
