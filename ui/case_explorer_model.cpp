// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_explorer_model.h"

#include "case_session.h"
#include "casefile/transcript_store.h"
#include "job_runner.h"

#include <QApplication>
#include <QLocale>
#include <QStyle>

namespace lineage::ui {

using casefile::CaseOverview;
using casefile::CaseOverviewQueries;

namespace {

// internalId 0 marks a branch; a child carries its branch number + 1.
constexpr quintptr kBranchId = 0;

QString branchName(int branch)
{
    static const char *const names[]
        = { QT_TR_NOOP("Sources"),  QT_TR_NOOP("Accounts"), QT_TR_NOOP("Transcripts"), QT_TR_NOOP("Documents"),
            QT_TR_NOOP("Analyses"), QT_TR_NOOP("Findings"), QT_TR_NOOP("Exhibits") };
    return CaseExplorerModel::tr(names[branch]);
}

} // namespace

CaseExplorerModel::CaseExplorerModel(CaseSession *session, QObject *parent)
    : QAbstractItemModel(parent), m_session(session)
{
    connect(session, &CaseSession::caseOpened, this, &CaseExplorerModel::reload);
    connect(session, &CaseSession::contentChanged, this, &CaseExplorerModel::reload);
    connect(session, &CaseSession::caseClosed, this, [this] { setOverview({}); });
}

QModelIndex CaseExplorerModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kBranchId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex CaseExplorerModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kBranchId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kBranchId);
}

int CaseExplorerModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return kBranchCount;
    if (parent.internalId() != kBranchId || parent.column() != 0)
        return 0;
    return int(m_items[parent.row()].size());
}

int CaseExplorerModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CaseExplorerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isBranch = index.internalId() == kBranchId;
    const int branch = isBranch ? index.row() : int(index.internalId() - 1);
    if (role == BranchRole)
        return branch;
    if (isBranch) {
        const qint64 total = m_totals[branch];
        const qint64 shown = m_items[branch].size();
        if (role == Qt::ToolTipRole && total == 0)
            return tr("Nothing here yet.");
        if (role == Qt::DisplayRole) {
            if (index.column() == Name)
                return branchName(branch);
            if (shown < total)
                return tr("%1 (first %2 shown)").arg(QLocale().toString(total), QLocale().toString(shown));
            return QLocale().toString(total);
        }
        return {};
    }
    const Item &item = m_items[branch].at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == Name ? item.name : item.details;
    case Qt::ToolTipRole:
        return item.toolTip;
    case Qt::DecorationRole:
        if (item.warning && index.column() == Name)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    case ItemIdRole:
        return item.id;
    default:
        return {};
    }
}

Qt::ItemFlags CaseExplorerModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    if (index.internalId() == kBranchId && m_totals[index.row()] == 0)
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant CaseExplorerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return section == Name ? tr("Item") : tr("Details");
    return QAbstractItemModel::headerData(section, orientation, role);
}

void CaseExplorerModel::reload()
{
    if (!m_session->isOpen())
        return;
    using Loaded = Result<CaseOverview>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Loaded>(
        QStringLiteral("case-explorer"), tr("Reading the case"),
        [path, who](Feedback &) -> Loaded {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return CaseOverviewQueries::load((*file)->db());
        },
        this,
        [this](Loaded loaded) {
            if (!loaded) {
                emit loadFailed(loaded.error());
                return;
            }
            setOverview(*loaded);
            emit reloaded();
        },
        JobRunner::Visibility::Quiet);
}

void CaseExplorerModel::setOverview(const CaseOverview &o)
{
    const QLocale locale;
    const DisplayZone &zone = m_session->zone();
    beginResetModel();
    m_overview = o;
    for (auto &items : m_items)
        items.clear();
    auto add = [this](Branch b, Item item) { m_items[int(b)].append(std::move(item)); };
    m_totals[int(Branch::Sources)] = o.sources.total;
    for (const auto &s : o.sources.items) {
        QString counts = tr("%1 · %2 records · %3 diagnostics")
                             .arg(s.format, locale.toString(s.recordCount), locale.toString(s.diagnosticCount));
        if (s.warningCount > 0)
            counts += tr(" (%n warning(s))", nullptr, int(s.warningCount));
        QString tip = tr("%1 (%2)\nSHA-256 %3\nImported %4\nStatus %5")
                          .arg(s.name, s.kind, s.sha256, zone.format(s.importedUtcMs), s.status);
        if (s.warningCount > 0)
            tip += tr("\n\n%n warning(s), the first: %1", nullptr, int(s.warningCount)).arg(s.firstWarning);
        add(Branch::Sources,
            { s.id, s.name,
              counts + QStringLiteral(" · ") + locale.formattedDataSize(s.size) + QStringLiteral(" · SHA-256 ")
                  + s.sha256.left(12) + QStringLiteral("…"),
              tip, s.warningCount > 0 });
    }
    m_totals[int(Branch::Accounts)] = o.accounts.total;
    for (const auto &a : o.accounts.items)
        add(Branch::Accounts,
            { a.id,
              a.name,
              tr("%1 queries").arg(locale.toString(a.queryCount))
                  + (a.actor.isEmpty() ? QString() : tr(" · actor %1").arg(a.actor)),
              {} });
    m_totals[int(Branch::Transcripts)] = o.transcripts.total;
    for (const auto &t : o.transcripts.items) {
        const bool unassigned = t.role == casefile::TranscriptStore::unassignedRole();
        add(Branch::Transcripts,
            { t.id, t.title.isEmpty() ? t.modelLabel : t.title,
              tr("%1 · %2 · %3 turns")
                  .arg(t.modelLabel, unassigned ? tr("role not assigned") : t.role, locale.toString(t.turnCount)),
              unassigned ? tr("No role yet: analyses that compare models need one. Give it in the transcript's "
                              "properties (context menu).")
                         : QString() });
    }
    m_totals[int(Branch::Documents)] = o.documents.total;
    for (const auto &d : o.documents.items)
        add(Branch::Documents,
            { d.id,
              d.title.isEmpty() ? tr("Document %1").arg(d.id) : d.title,
              tr("%1 · %2 pages%3")
                  .arg(d.docType, locale.toString(d.pageCount),
                       d.effectiveDate.isEmpty() ? QString() : tr(" · effective %1").arg(d.effectiveDate)),
              {} });
    m_totals[int(Branch::Analyses)] = o.analyses.total;
    for (const auto &r : o.analyses.items)
        add(Branch::Analyses,
            { r.id,
              r.kind,
              tr("%1 · %2 · %3 findings").arg(r.status, zone.format(r.startedUtcMs), locale.toString(r.findingCount)),
              {} });
    m_totals[int(Branch::Findings)] = o.findings.total;
    for (const auto &f : o.findings.items) {
        QString details = f.score ? tr("score %1").arg(*f.score, 0, 'g', 4) : QString();
        if (f.pValue)
            details += tr(" · p = %1").arg(*f.pValue, 0, 'g', 3);
        add(Branch::Findings, { f.id, f.kind, details, f.explanation });
    }
    m_totals[int(Branch::Exhibits)] = o.exhibits.total;
    for (const auto &e : o.exhibits.items)
        add(Branch::Exhibits,
            { e.id,
              tr("Exhibit %1").arg(e.number),
              e.title.isEmpty() ? QStringLiteral("%1 %2").arg(e.itemKind).arg(e.itemId) : e.title,
              {} });
    endResetModel();
}

} // namespace lineage::ui
