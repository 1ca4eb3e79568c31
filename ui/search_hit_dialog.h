// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/search_index.h"

#include <QDialog>

class QLabel;
class QTextEdit;

namespace lineage::ui {

class DisplayZone;

// The words and quoted phrases of a search as typed (prefix stars dropped), to mark them.
QStringList searchTerms(const QString &query);

// A search hit of a transcript turn or a document page, in full and in its context: where
// it is (the source file, line or page, the transcript's model label or the document's
// title), and for a turn both halves of the exchange, the prompt and the answer, with the
// query's terms marked in bold on a yellow ground; the first mark is scrolled into view
// without being selected. (A query-record hit opens the record's own details.)
class SearchHitDialog : public QDialog
{
    Q_OBJECT
public:
    SearchHitDialog(const casefile::SearchHit &hit, const QString &query, const DisplayZone &zone,
                    QWidget *parent = nullptr);

    QString contextText() const;
    // The text that matched (objectName "searchHitText").
    QTextEdit *matchedText() const { return m_matched; }
    // The other half: the prompt of an answer hit, the answer of a prompt hit (null for pages).
    QTextEdit *otherText() const { return m_other; }

private:
    QLabel *m_context;
    QTextEdit *m_matched;
    QTextEdit *m_other = nullptr;
};

} // namespace lineage::ui
