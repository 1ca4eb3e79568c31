// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

namespace lineage::ui {

class CaseSession;

// The File menu's findings exports: Export Findings as JSON… and Export Shared Passages as
// PAN XML… (a folder, one file per suspicious text), on a worker with progress and cancel,
// through the same core calls as `lineage-cli export-findings`. Each export is an audit entry
// with the SHA-256 of what it wrote. Enabled while a case is open for writing.
class FindingsExportActions : public QObject
{
    Q_OBJECT
public:
    enum class Format { Json, Pan };
    FindingsExportActions(CaseSession *session, QWidget *window);

    void addTo(QMenu *menu);
    QAction *jsonAction() const { return m_json; }
    QAction *panAction() const { return m_pan; }

    // What the actions ask for in a dialog: the JSON file, or the PAN folder.
    void exportTo(Format format, const QString &path);

signals:
    // `summary` names the files and their SHA-256; an empty `error` when it worked.
    void exported(const QString &summary, const QString &error);

private:
    void updateEnabled();

    QPointer<CaseSession> m_session;
    QWidget *m_window;
    QAction *m_json;
    QAction *m_pan;
};

} // namespace lineage::ui
