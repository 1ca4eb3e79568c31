// SPDX-License-Identifier: GPL-3.0-or-later
#include "import_preview_model.h"

namespace lineage::ui {

namespace {

QString clip(const QString &text, int max = 200)
{
    QString s = text.left(max + 1);
    s.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    return text.size() > max ? s.left(max) + QStringLiteral("…") : s;
}

// A long text as a cell shows it (clipped to `max`, on one line) or as its tooltip (longer).
QString shown(const QString &text, bool tip, int max = 200)
{
    return tip ? text.left(2000) : clip(text, max);
}

} // namespace

ImportPreviewModel::ImportPreviewModel(QObject *parent) : QAbstractTableModel(parent) { }

void ImportPreviewModel::setPreview(const ingest::ImportPreview &preview, const DisplayZone &zone)
{
    beginResetModel();
    m_preview = preview;
    m_zone = zone;
    if (!preview.records.isEmpty())
        m_shape = Shape::Records;
    else if (!preview.turns.isEmpty())
        m_shape = Shape::Turns;
    else if (!preview.pages.isEmpty())
        m_shape = Shape::Pages;
    endResetModel();
}

void ImportPreviewModel::clear()
{
    beginResetModel();
    m_preview = {};
    m_shape = Shape::Records;
    endResetModel();
}

int ImportPreviewModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_shape) {
    case Shape::Records:
        return int(m_preview.records.size());
    case Shape::Turns:
        return int(m_preview.turns.size());
    case Shape::Pages:
        return int(m_preview.pages.size());
    }
    return 0;
}

int ImportPreviewModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_shape) {
    case Shape::Records:
        return 7;
    case Shape::Turns:
        return 4;
    case Shape::Pages:
        return 2;
    }
    return 0;
}

QVariant ImportPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const bool tip = role == Qt::ToolTipRole;
    const int c = index.column();
    switch (m_shape) {
    case Shape::Records: {
        const ingest::QueryRecord &r = m_preview.records.at(index.row());
        switch (c) {
        case 0:
            return r.where.line;
        case 1:
            return r.timeUtcMs ? m_zone.format(*r.timeUtcMs) : QString();
        case 2:
            return r.account;
        case 3:
            return r.model;
        case 4:
            return shown(r.prompt, tip);
        case 5:
            return shown(r.completion, tip);
        case 6:
            return r.finishReason;
        }
        break;
    }
    case Shape::Turns: {
        const ingest::Turn &t = m_preview.turns.at(index.row());
        switch (c) {
        case 0:
            return t.where.line ? QVariant(t.where.line) : QVariant(t.seq);
        case 1:
            return t.conversation;
        case 2:
            return shown(t.prompt, tip);
        case 3:
            return shown(t.answer, tip);
        }
        break;
    }
    case Shape::Pages: {
        const ingest::Page &p = m_preview.pages.at(index.row());
        return c == 0 ? QVariant(p.pageNo) : QVariant(shown(p.text, tip, 400));
    }
    }
    return {};
}

QVariant ImportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_shape) {
    case Shape::Records: {
        const QStringList names { tr("Line"),   m_zone.header(tr("Time")), tr("Account"), tr("Model"),
                                  tr("Prompt"), tr("Completion"),          tr("Finish") };
        return names.value(section);
    }
    case Shape::Turns:
        return QStringList { tr("Line"), tr("Conversation"), tr("Prompt"), tr("Answer") }.value(section);
    case Shape::Pages:
        return QStringList { tr("Page"), tr("Text") }.value(section);
    }
    return {};
}

} // namespace lineage::ui
