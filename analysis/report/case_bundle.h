// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace lineage::report {

// A case bundle: one ZIP archive that someone who does not trust Lineage can check.
//   manifest.json           what the bundle holds (format below); signed when asked
//   manifest.sig            the Ed25519 signature of manifest.json's exact bytes (signed bundles)
//   signer.pub              the signer's public key, PEM (signed bundles)
//   case/CASE.lineage       a consistent snapshot of the case (SQLite online backup)
//   evidence/SHA256/NAME    every original as imported, out of the evidence store
//   report/report.pdf       the report, made from the snapshot
// manifest.json: {"format": "lineage-bundle/1", "created_utc": ms, "program_version",
//   "case": {"title", "number", "investigator", "classification", "zone", "schema", "file"},
//   "audit": {"entries": N, "head": HASH}, "sources": [{"id", "name", "sha256", "size", "path"}],
//   "files": [{"path", "sha256", "size", "role"}]} (roles: case, evidence, report).
// The archive's comment seals the whole file (sealArchive): a changed header or central
// directory byte fails verification even where no entry's content changed.
inline const QString kBundleFormat = QStringLiteral("lineage-bundle/1");
inline const QString kManifestName = QStringLiteral("manifest.json");
inline const QString kSignatureName = QStringLiteral("manifest.sig");
inline const QString kSignerName = QStringLiteral("signer.pub");

struct ExportOptions
{
    QString signingKey; // PEM private key file; empty: unsigned
    bool withReport = true;
};

struct ExportedBundle
{
    QString path;
    QString sha256; // of the whole archive
    qint64 size = 0;
    int files = 0;
    bool signedBundle = false;
    QString fingerprint;
    QString auditHead;
    qint64 auditEntries = 0;
};

// Exports the case open in `file` to `bundlePath` (written whole or not at all), streaming:
// memory stays bounded whatever the case's size (originals go chunk by chunk). The snapshot
// is taken through the backup API, so the workbench may have the case open meanwhile. Audited
// on the case ("case.export") when the case is open for writing. Needs a QGuiApplication when
// the report is included. Polls `feedback`; cancel removes the partial archive.
[[nodiscard]] Result<ExportedBundle> exportBundle(casefile::CaseFile &file, const QString &bundlePath,
                                                  const ExportOptions &options, Feedback &feedback = nullFeedback());

// One thing verification found wrong, naming the file.
struct BundleProblem
{
    QString file; // the archive entry (or "archive", "signature")
    QString message;
};

struct BundleVerification
{
    QList<BundleProblem> problems;
    bool signedBundle = false;
    bool signatureValid = false;
    QString fingerprint; // signer's, when signed
    qint64 filesChecked = 0;
    qint64 bytesChecked = 0;
    qint64 auditEntries = 0;
    QString auditHead;
    QJsonObject manifest;
    bool ok() const { return problems.isEmpty(); }
};

// Checks a bundle: every file's SHA-256 and size against the manifest, no file missing or
// added, the signature (when there is one), the snapshot's integrity, audit chain and
// evidence hashes, the chain's length and head against the manifest (a truncated chain is
// caught), and that each original matches its source in the snapshot. Extracts the snapshot
// into a temporary folder. Errors only when the check itself could not run.
[[nodiscard]] Result<BundleVerification> verifyBundle(const QString &bundlePath, Feedback &feedback = nullFeedback());

struct OpenedBundle
{
    QString casePath;
    QString reportPath;
    QStringList evidence;
    BundleVerification verification;
};

// Verifies the bundle and, when it passes, restores it into `directory` (created when
// missing; files there are never overwritten): the case, the originals and the report.
[[nodiscard]] Result<OpenedBundle> openBundle(const QString &bundlePath, const QString &directory,
                                              Feedback &feedback = nullFeedback());

} // namespace lineage::report
