// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace lineage::ui {

class CaseSession;

// Two texts of a finding side by side: the suspect's answer on the left, the provider's or
// the source's text on the right, each shared passage highlighted in the same colour on both
// sides from the finding's spans (finding_spans, paired by passage). Scrolling one side
// scrolls the other; next and previous bring a passage into view on both. Texts are read on
// a worker through the stores; Chinese is drawn with the CJK font.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(CaseSession *session, QWidget *parent = nullptr);

    // Reads finding `id` and the texts its spans lie in; for a reuse finding, the texts of its
    // match number `match` (0: the closest).
    void showFinding(qint64 id, int match = 0);
    qint64 findingId() const { return m_findingId; }

    QPlainTextEdit *left() const { return m_left; }
    QPlainTextEdit *right() const { return m_right; }
    // The highlighted texts of one side, in passage order ("suspect" left, other right).
    QStringList highlighted(bool leftSide) const;
    int passageCount() const { return m_passages; }
    int currentPassage() const { return m_current; }
    void showPassage(int passage);
    QString summaryText() const;

    // Colour of passage n (the same on both sides).
    static QColor passageColor(int n);

signals:
    void loaded();
    void loadFailed(const QString &message);

private:
    struct Side
    {
        casefile::ItemRef item;
        QString field;
        QString text;
        QList<casefile::FindingSpan> spans;
    };
    void render(const casefile::FindingRow &finding, const Side &left, const Side &right);
    void highlight(QPlainTextEdit *edit, const Side &side);
    void follow(QPlainTextEdit *from, QPlainTextEdit *to);

    CaseSession *m_session;
    QLabel *m_title;
    QLabel *m_leftHeader;
    QLabel *m_rightHeader;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QLabel *m_summary;
    QPushButton *m_previous;
    QPushButton *m_next;
    qint64 m_findingId = 0;
    int m_match = 0;
    Side m_leftSide, m_rightSide;
    int m_passages = 0;
    int m_current = -1;
    bool m_following = false;
};

} // namespace lineage::ui
