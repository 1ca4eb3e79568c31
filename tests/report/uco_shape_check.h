// SPDX-License-Identifier: GPL-3.0-or-later
// Checks a CASE/UCO JSON-LD document, as JSON, against the stored subset of the ontology's
// shapes (tests/data/uco/case_uco_shapes.json): every node has an @id and known @type, every
// reference resolves, and each property has the count, datatype, class and values the shapes
// give. The same shapes are checked on the RDF by uco_shape_check.py (rdflib).
#pragma once

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

namespace lineage::testing {

class UcoShapes
{
public:
    bool load(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return false;
        m_classes = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("classes")).toObject();
        return !m_classes.isEmpty();
    }

    // What is wrong with `document` ({"@context", "@graph"}), one line each.
    QStringList check(const QJsonObject &document) const
    {
        QStringList problems;
        QHash<QString, QJsonObject> nodes;
        QList<QJsonObject> all;
        const QJsonArray graph = document.value(QStringLiteral("@graph")).toArray();
        if (graph.isEmpty())
            problems << QStringLiteral("no @graph");
        for (const QJsonValue &v : graph)
            collect(v.toObject(), nodes, all, problems);
        QSet<QString> knownProperties;
        for (auto it = m_classes.constBegin(); it != m_classes.constEnd(); ++it)
            for (const QJsonValue &p : it.value().toObject().value(QStringLiteral("properties")).toArray())
                knownProperties.insert(p.toObject().value(QStringLiteral("path")).toString());
        for (const QJsonObject &node : all) {
            const QString id = node.value(QStringLiteral("@id")).toString();
            for (auto it = node.constBegin(); it != node.constEnd(); ++it) {
                const bool ontology
                    = it.key().startsWith(QLatin1String("uco-")) || it.key().startsWith(QLatin1String("case-"));
                if (ontology && !knownProperties.contains(it.key()))
                    problems << QStringLiteral("%1: property %2 is not in the ontology subset").arg(id, it.key());
            }
            QSet<QString> classes;
            for (const QString &t : types(node)) {
                if (!m_classes.contains(t))
                    problems << QStringLiteral("%1: class %2 is not a known CASE/UCO class").arg(id, t);
                else
                    classes |= closure(t);
            }
            for (const QString &cls : classes)
                for (const QJsonValue &pv :
                     m_classes.value(cls).toObject().value(QStringLiteral("properties")).toArray())
                    checkProperty(node, pv.toObject(), nodes, problems);
        }
        return problems;
    }

    QSet<QString> closure(const QString &cls) const
    {
        QSet<QString> seen;
        QStringList todo { cls };
        while (!todo.isEmpty()) {
            const QString c = todo.takeLast();
            if (seen.contains(c))
                continue;
            seen.insert(c);
            for (const QJsonValue &s : m_classes.value(c).toObject().value(QStringLiteral("super")).toArray())
                todo << s.toString();
        }
        return seen;
    }

    static QStringList types(const QJsonObject &node)
    {
        const QJsonValue t = node.value(QStringLiteral("@type"));
        if (t.isArray()) {
            QStringList out;
            for (const QJsonValue &v : t.toArray())
                out << v.toString();
            return out;
        }
        return t.isString() ? QStringList { t.toString() } : QStringList {};
    }

private:
    static bool isLiteral(const QJsonObject &o) { return o.contains(QStringLiteral("@value")); }
    static bool isReference(const QJsonObject &o) { return o.size() == 1 && o.contains(QStringLiteral("@id")); }

    // Every node object, top-level or nested (facets, hashes).
    void collect(const QJsonObject &node, QHash<QString, QJsonObject> &nodes, QList<QJsonObject> &all,
                 QStringList &problems) const
    {
        const QString id = node.value(QStringLiteral("@id")).toString();
        if (id.isEmpty())
            problems << QStringLiteral("a node without @id: %1")
                            .arg(QString::fromUtf8(QJsonDocument(node).toJson(QJsonDocument::Compact).left(120)));
        if (types(node).isEmpty())
            problems << QStringLiteral("%1: a node without @type").arg(id);
        if (nodes.contains(id))
            problems << QStringLiteral("%1: the same @id twice").arg(id);
        nodes.insert(id, node);
        all.append(node);
        for (auto it = node.constBegin(); it != node.constEnd(); ++it) {
            const QJsonArray values = it.value().isArray() ? it.value().toArray() : QJsonArray { it.value() };
            for (const QJsonValue &v : values)
                if (v.isObject() && !isLiteral(v.toObject()) && !isReference(v.toObject()))
                    collect(v.toObject(), nodes, all, problems);
        }
    }

    void checkProperty(const QJsonObject &node, const QJsonObject &shape, const QHash<QString, QJsonObject> &nodes,
                       QStringList &problems) const
    {
        const QString id = node.value(QStringLiteral("@id")).toString();
        const QString path = shape.value(QStringLiteral("path")).toString();
        const QJsonValue raw = node.value(path);
        const QJsonArray values = raw.isUndefined() ? QJsonArray {}
            : raw.isArray()                         ? raw.toArray()
                                                    : QJsonArray { raw };
        if (shape.contains(QStringLiteral("min")) && values.size() < shape.value(QStringLiteral("min")).toInt())
            problems << QStringLiteral("%1: %2 needs at least %3 value(s), has %4")
                            .arg(id, path)
                            .arg(shape.value(QStringLiteral("min")).toInt())
                            .arg(values.size());
        if (shape.contains(QStringLiteral("max")) && values.size() > shape.value(QStringLiteral("max")).toInt())
            problems << QStringLiteral("%1: %2 takes at most %3 value(s), has %4")
                            .arg(id, path)
                            .arg(shape.value(QStringLiteral("max")).toInt())
                            .arg(values.size());
        for (const QJsonValue &v : values) {
            if (shape.contains(QStringLiteral("datatype"))) {
                const QString want = shape.value(QStringLiteral("datatype")).toString();
                QString got;
                QString text;
                if (v.isString()) {
                    got = QStringLiteral("xsd:string");
                    text = v.toString();
                } else if (v.isBool()) {
                    got = QStringLiteral("xsd:boolean");
                } else if (v.isDouble()) {
                    got = v.toDouble() == double(qint64(v.toDouble())) ? QStringLiteral("xsd:integer")
                                                                       : QStringLiteral("xsd:double");
                } else if (v.isObject() && isLiteral(v.toObject())) {
                    got = v.toObject().value(QStringLiteral("@type")).toString(QStringLiteral("xsd:string"));
                    text = v.toObject().value(QStringLiteral("@value")).toString();
                }
                if (got != want)
                    problems << QStringLiteral("%1: %2 is %3, must be %4")
                                    .arg(id, path, got.isEmpty() ? QStringLiteral("a node") : got, want);
                const QJsonArray allowed = shape.value(QStringLiteral("in")).toArray();
                if (!allowed.isEmpty() && !allowed.contains(text))
                    problems << QStringLiteral("%1: %2 value %3 is not in the vocabulary").arg(id, path, text);
            }
            if (shape.contains(QStringLiteral("class"))) {
                const QString want = shape.value(QStringLiteral("class")).toString();
                const QString target = v.toObject().value(QStringLiteral("@id")).toString();
                QSet<QString> reached;
                if (nodes.contains(target))
                    for (const QString &t : types(nodes.value(target)))
                        reached |= closure(t);
                if (!nodes.contains(target))
                    problems
                        << QStringLiteral("%1: %2 points to %3, which is not in the document").arg(id, path, target);
                else if (!reached.contains(want))
                    problems << QStringLiteral("%1: %2 points to %3, which is not a %4").arg(id, path, target, want);
            }
        }
    }

    QJsonObject m_classes;
};

} // namespace lineage::testing
