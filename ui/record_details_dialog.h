// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/query_record_store.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace lineage::ui {

class CaseSession;

// One query record in full: its fields, time in the case's display zone, where it sits in
// its source, the whole prompt and completion, and the raw object read back from the stored
// original (so the analyst sees exactly the bytes the record came from). Reads on a worker.
class RecordDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    RecordDetailsDialog(CaseSession *session, qint64 recordId, QWidget *parent = nullptr);

    QString fieldsText() const;
    QString rawText() const;

signals:
    void loaded();

private:
    struct Loaded
    {
        std::optional<casefile::QueryRecordRow> record;
        QByteArray raw;
        QByteArray joinedRaw;
        std::optional<Error> error;
    };
    void present(const Loaded &loaded);

    CaseSession *m_session;
    QLabel *m_fields;
    QPlainTextEdit *m_prompt;
    QPlainTextEdit *m_completion;
    QPlainTextEdit *m_raw;
};

} // namespace lineage::ui
