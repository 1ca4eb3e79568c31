// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "forensics/analysis_kind.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>

class QWidget;

namespace lineage::ui {

// The parameters of one analysis kind, one editor each, filled with the defaults (an empty
// field keeps a parameter's default). parameters() gives the values changed from them, as
// the command line's --param would. `labels` are the case's model labels, offered for the
// label parameters.
class AnalysisDialog : public QDialog
{
    Q_OBJECT
public:
    AnalysisDialog(const forensics::AnalysisKind &kind, const QStringList &labels, QWidget *parent = nullptr);

    QJsonObject parameters() const;
    QWidget *editor(const QString &name) const { return m_editors.value(name); }
    const forensics::AnalysisKind &kind() const { return m_kind; }

private:
    const forensics::AnalysisKind &m_kind;
    QList<forensics::ParameterSpec> m_specs;
    QHash<QString, QWidget *> m_editors;
};

} // namespace lineage::ui
