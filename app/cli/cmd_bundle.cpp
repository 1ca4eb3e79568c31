// SPDX-License-Identifier: GPL-3.0-or-later
// Case bundle commands: export, keygen, open (and verify of a bundle, reached from verify).
#include "cli/cmd_bundle.h"

#include "casefile/case_file.h"
#include "report/bundle_signing.h"
#include "report/case_bundle.h"

#include <QFile>
#include <QJsonArray>

namespace lineage::cli {

using casefile::CaseFile;
using casefile::Investigator;
using casefile::OpenMode;

bool isBundlePath(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return path.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive);
    return f.read(4) == QByteArray("PK\x03\x04", 4);
}

int verifyBundleCommand(const QString &path, bool json, CliContext &ctx)
{
    auto v = report::verifyBundle(path);
    if (!v)
        return printError(ctx, v.error());
    if (json) {
        QJsonArray problems;
        for (const auto &p : v->problems)
            problems.append(
                QJsonObject { { QStringLiteral("file"), p.file }, { QStringLiteral("message"), p.message } });
        printJson(ctx,
                  { { QStringLiteral("bundle"), path },
                    { QStringLiteral("ok"), v->ok() },
                    { QStringLiteral("signed"), v->signedBundle },
                    { QStringLiteral("signature_valid"), v->signatureValid },
                    { QStringLiteral("fingerprint"), v->fingerprint },
                    { QStringLiteral("files_checked"), v->filesChecked },
                    { QStringLiteral("bytes_checked"), v->bytesChecked },
                    { QStringLiteral("audit_entries"), v->auditEntries },
                    { QStringLiteral("audit_head"), v->auditHead },
                    { QStringLiteral("problems"), problems } });
    } else {
        for (const auto &p : v->problems)
            ctx.out << "FAILED " << p.file << ": " << p.message << "\n";
        ctx.out << (v->ok() ? "OK" : "FAILED") << ": " << v->filesChecked << " files (" << v->bytesChecked
                << " bytes), audit chain of " << v->auditEntries << " entries, head " << v->auditHead << "\n";
        if (!v->signedBundle)
            ctx.out << "Unsigned: the bundle carries no signature.\n";
        else
            ctx.out << "Signed by key " << v->fingerprint << ": signature " << (v->signatureValid ? "valid" : "INVALID")
                    << "\n";
        ctx.out.flush();
    }
    return v->ok() ? kExitOk : kExitVerificationFailed;
}

namespace {

int exportCase(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty())
        return usageError(ctx, p, QStringLiteral("--out BUNDLE.zip is required."));
    auto file = CaseFile::open(args[0], Investigator::current(ctx.investigator), OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    report::ExportOptions options;
    options.signingKey = p.value(QStringLiteral("sign"));
    options.withReport = !p.isSet(QStringLiteral("no-report"));
    Feedback feedback;
    auto bundle = report::exportBundle(**file, out, options, feedback);
    if (!bundle)
        return printError(ctx, bundle.error());
    if (p.isSet(QStringLiteral("json"))) {
        printJson(ctx,
                  { { QStringLiteral("bundle"), bundle->path },
                    { QStringLiteral("sha256"), bundle->sha256 },
                    { QStringLiteral("size"), bundle->size },
                    { QStringLiteral("files"), bundle->files },
                    { QStringLiteral("signed"), bundle->signedBundle },
                    { QStringLiteral("fingerprint"), bundle->fingerprint },
                    { QStringLiteral("audit_entries"), bundle->auditEntries },
                    { QStringLiteral("audit_head"), bundle->auditHead } });
        return kExitOk;
    }
    ctx.out << "Wrote " << bundle->path << " (" << bundle->files << " files, " << bundle->size << " bytes, SHA-256 "
            << bundle->sha256 << ")\n";
    ctx.out << (bundle->signedBundle ? QStringLiteral("Signed by key %1\n").arg(bundle->fingerprint)
                                     : QStringLiteral("Unsigned (use --sign KEY to sign the manifest)\n"));
    ctx.out.flush();
    return kExitOk;
}

int keygen(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    const QString out = p.isSet(QStringLiteral("out")) ? p.value(QStringLiteral("out")) : args.value(0);
    if (out.isEmpty())
        return usageError(ctx, p, QStringLiteral("Give the private key file to write (--out KEY.pem)."));
    auto key = report::generateKey(out);
    if (!key)
        return printError(ctx, key.error());
    if (p.isSet(QStringLiteral("json"))) {
        printJson(ctx,
                  { { QStringLiteral("private_key"), key->privatePath },
                    { QStringLiteral("public_key"), key->publicPath },
                    { QStringLiteral("fingerprint"), key->fingerprint } });
        return kExitOk;
    }
    ctx.out << "Wrote " << key->privatePath << " (private, keep it) and " << key->publicPath << "\n"
            << "Fingerprint " << key->fingerprint << "\n";
    ctx.out.flush();
    return kExitOk;
}

int openBundle(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    const QString to = p.value(QStringLiteral("to"));
    if (args.size() != 1 || to.isEmpty())
        return usageError(ctx, p, QStringLiteral("open needs BUNDLE.zip --to DIR."));
    auto opened = report::openBundle(args[0], to);
    if (!opened) {
        printError(ctx, opened.error());
        return opened.error().code == ErrorCode::Corrupt ? kExitVerificationFailed : kExitUsage;
    }
    if (p.isSet(QStringLiteral("json"))) {
        printJson(ctx,
                  { { QStringLiteral("case"), opened->casePath },
                    { QStringLiteral("report"), opened->reportPath },
                    { QStringLiteral("evidence"), QJsonArray::fromStringList(opened->evidence) },
                    { QStringLiteral("signed"), opened->verification.signedBundle },
                    { QStringLiteral("fingerprint"), opened->verification.fingerprint } });
        return kExitOk;
    }
    ctx.out << "Verified and restored " << opened->casePath << " with " << opened->evidence.size() << " originals"
            << (opened->reportPath.isEmpty() ? QString() : QStringLiteral(" and the report ") + opened->reportPath)
            << "\n";
    ctx.out.flush();
    return kExitOk;
}

const QCommandLineOption kJsonOption(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));

const CliRegistration kExport(
    { QStringLiteral("export"),
      QStringLiteral(
          "Export the case as a verifiable bundle (snapshot, originals, report, manifest; signed with --sign)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
          p.addOption({ QStringLiteral("out"), QStringLiteral("The bundle to write."), QStringLiteral("BUNDLE.zip") });
          p.addOption({ QStringLiteral("sign"),
                        QStringLiteral("Sign the manifest with this Ed25519 private key (lineage-cli keygen)."),
                        QStringLiteral("KEY") });
          p.addOption({ QStringLiteral("no-report"), QStringLiteral("Leave the report PDF out of the bundle.") });
          p.addOption(kJsonOption);
      },
      exportCase });
const CliRegistration kKeygen(
    { QStringLiteral("keygen"), QStringLiteral("Make an Ed25519 key pair for signing bundles (KEY and KEY.pub)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("KEY"), QStringLiteral("The private key file to write."),
                                  QStringLiteral("[KEY]"));
          p.addOption(
              { QStringLiteral("out"), QStringLiteral("The private key file to write."), QStringLiteral("KEY") });
          p.addOption(kJsonOption);
      },
      keygen, false });
const CliRegistration kOpen(
    { QStringLiteral("open"),
      QStringLiteral("Verify a case bundle and restore its case, originals and report into a folder."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("BUNDLE"), QStringLiteral("The bundle (*.zip)."));
          p.addOption({ QStringLiteral("to"), QStringLiteral("The folder to restore into."), QStringLiteral("DIR") });
          p.addOption(kJsonOption);
      },
      openBundle, false });

} // namespace

} // namespace lineage::cli
