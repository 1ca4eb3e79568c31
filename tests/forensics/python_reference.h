// SPDX-License-Identifier: GPL-3.0-or-later
// Runs bench/forensics/reference_check.py (numpy/scipy) on a JSON input and returns its
// output; the forensics tests compare the C++ numbers with it, and skip when
// /usr/bin/python3 with numpy and scipy is not installed.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace lineage::forensics::testing {

inline QString pythonProgram()
{
    return QStringLiteral("/usr/bin/python3");
}

// Empty when numpy and scipy can be imported; otherwise why not (for QSKIP).
inline QString pythonMissing()
{
    if (!QFile::exists(pythonProgram()))
        return QStringLiteral("/usr/bin/python3 is not installed");
    QProcess p;
    p.start(pythonProgram(), { QStringLiteral("-c"), QStringLiteral("import numpy, scipy") });
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("numpy or scipy is not installed for /usr/bin/python3");
    return {};
}

// The reference output for `input`, or an empty object with `error` set.
inline QJsonObject runReference(const QJsonObject &input, QString *error)
{
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("in.json")), out = dir.filePath(QStringLiteral("out.json"));
    QFile f(in);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(in);
        return {};
    }
    f.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    f.close();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(pythonProgram(),
            { QStringLiteral(LINEAGE_SOURCE_DIR "/bench/forensics/reference_check.py"), in, out });
    if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("reference_check.py failed: ") + QString::fromUtf8(p.readAll());
        return {};
    }
    QFile o(out);
    if (!o.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no output from reference_check.py");
        return {};
    }
    return QJsonDocument::fromJson(o.readAll()).object();
}

} // namespace lineage::forensics::testing
