// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the AlpacaEval development set (../shared/data/alpacaeval-dev): one JSON array of
// {instruction, output, generator} per model and labels.json. Shared by the forensics
// tests and bench/forensics.
#pragma once

#include "forensics/model_answers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

namespace lineage::forensics::devset {

struct DevSet
{
    std::vector<ModelAnswers> models; // sorted by label
    QStringList providers;
    QStringList panel;
    QList<QPair<QString, QString>> students; // (student, teacher)
    bool ok = false;
};

inline QString defaultDir(const QString &projectRoot)
{
    return QDir(projectRoot).absoluteFilePath(QStringLiteral("../shared/data/alpacaeval-dev"));
}

inline DevSet load(const QString &dir)
{
    DevSet d;
    QFile lf(QDir(dir).filePath(QStringLiteral("labels.json")));
    if (!lf.open(QIODevice::ReadOnly))
        return d;
    const QJsonObject labels = QJsonDocument::fromJson(lf.readAll()).object();
    for (const QJsonValue &v : labels.value(QStringLiteral("providers")).toArray())
        d.providers << v.toString();
    for (const QJsonValue &v :
         labels.value(QStringLiteral("panel")).toObject().value(QStringLiteral("models")).toArray())
        d.panel << v.toString();
    for (const QJsonValue &v : labels.value(QStringLiteral("distilled")).toArray())
        d.students.append({ v.toObject().value(QStringLiteral("student")).toString(),
                            v.toObject().value(QStringLiteral("teacher")).toString() });
    QStringList files = QDir(dir).entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    files.removeAll(QStringLiteral("labels.json"));
    for (const QString &name : files) {
        QFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            return d;
        ModelAnswers m;
        m.label = name.chopped(5);
        for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).array()) {
            const QJsonObject o = v.toObject();
            m.turns.push_back(
                { o.value(QStringLiteral("instruction")).toString(), o.value(QStringLiteral("output")).toString() });
        }
        d.models.push_back(std::move(m));
    }
    d.ok = !d.models.empty() && !d.providers.isEmpty() && !d.panel.isEmpty();
    return d;
}

inline QStringList studentsOf(const DevSet &d, const QString &teacher)
{
    QStringList out;
    for (const auto &[s, t] : d.students)
        if (t == teacher)
            out << s;
    return out;
}

} // namespace lineage::forensics::devset
