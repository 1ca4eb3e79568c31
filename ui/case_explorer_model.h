// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_overview.h"

#include <QAbstractItemModel>

namespace lineage::ui {

class CaseSession;

// The case explorer's tree: one branch per kind of item (sources, accounts, transcripts,
// documents, analyses, findings, exhibits), each listing what the case holds, with a
// details column (a source shows its format, counts and SHA-256). Loaded on a worker.
class CaseExplorerModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Branch { Sources, Accounts, Transcripts, Documents, Analyses, Findings, Exhibits };
    static constexpr int kBranchCount = 7;
    enum Column { Name, Details, ColumnCount };
    enum Role { ItemIdRole = Qt::UserRole + 1, BranchRole };

    explicit CaseExplorerModel(CaseSession *session, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // A branch with nothing in it is disabled until there is something to show.
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void reload();
    QModelIndex branchIndex(Branch branch) const { return index(int(branch), 0); }
    const casefile::CaseOverview &overview() const { return m_overview; }

signals:
    void reloaded();
    void loadFailed(const lineage::Error &error);

private:
    struct Item
    {
        qint64 id = 0;
        QString name;
        QString details;
        QString toolTip;
        bool warning = false; // shown with a warning sign
    };
    void setOverview(const casefile::CaseOverview &overview);

    CaseSession *m_session;
    casefile::CaseOverview m_overview;
    QList<Item> m_items[kBranchCount];
    qint64 m_totals[kBranchCount] = {};
};

} // namespace lineage::ui
