// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real lineage-cli, as a user or a script would, for the command-line tests.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace lineage::testing {

// What one run of lineage-cli left: its exit code (-1 when it crashed or hung), stdout, stderr.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// Runs lineage-cli with `args` and waits at most `timeoutMs` for it to end.
inline CliRun cli(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.setProgram(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"));
    p.setArguments(args);
    p.start();
    p.waitForFinished(timeoutMs);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
             p.readAllStandardError() };
}

} // namespace lineage::testing
