// SPDX-License-Identifier: GPL-3.0-or-later
#include "finding_dialog.h"

#include "case_session.h"
#include "casefile/analysis_store.h"
#include "forensics/analysis_kind.h"
#include "job_runner.h"

#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

QString number(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', 4) : QStringLiteral("-");
}

QString findingHtml(const casefile::FindingRow &f)
{
    QString refs;
    for (const auto &r : f.refs)
        refs += QStringLiteral("%1 %2 (%3); ").arg(r.itemKind).arg(r.itemId).arg(r.relation);
    return QStringLiteral("<h3>Finding %1: %2 (%3)</h3><p>%4</p><p><b>Score</b> %5 &nbsp; <b>Statistic</b> %6 &nbsp; "
                          "<b>p / chance</b> %7</p><p><b>Rests on</b> %8</p>")
        .arg(f.id)
        .arg(f.kind.toHtmlEscaped(), f.strength, f.explanation.toHtmlEscaped(), number(f.score), number(f.statistic),
             number(f.pValue), refs.toHtmlEscaped());
}

} // namespace

FindingDialog::FindingDialog(CaseSession *session, Item item, qint64 id, QWidget *parent)
    : QDialog(parent), m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("findingDialog"));
    setWindowTitle(item == Item::Finding ? tr("Finding %1").arg(id) : tr("Analysis run %1").arg(id));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 520);
    m_text->setPlainText(tr("Reading..."));
    using Html = Result<QString>;
    const QString path = session->path();
    const auto who = session->investigator();
    session->jobs()->run<Html>(
        QStringLiteral("finding-details"), tr("Reading the finding"),
        [path, who, item, id](Feedback &) -> Html {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            casefile::AnalysisStore store((*file)->db());
            if (item == Item::Finding) {
                auto f = store.finding(id);
                if (!f)
                    return f.error();
                return findingHtml(*f)
                    + QStringLiteral("<h4>Details</h4><pre>%1</pre>")
                          .arg(QString::fromUtf8(QJsonDocument(f->payload).toJson()).left(20000).toHtmlEscaped());
            }
            auto run = store.run(id);
            if (!run)
                return run.error();
            auto findings = store.findings(id);
            if (!findings)
                return findings.error();
            QString html
                = QStringLiteral("<h3>Run %1: %2, %3</h3><p>%4</p><pre>%5</pre>")
                      .arg(run->id)
                      .arg(run->kind, run->status, run->message.toHtmlEscaped(),
                           QString::fromUtf8(QJsonDocument(forensics::runJson(*run)).toJson()).toHtmlEscaped());
            for (const auto &f : std::as_const(*findings).mid(0, 200))
                html += findingHtml(f);
            return html;
        },
        this,
        [this](Html html) {
            if (html)
                m_text->setHtml(*html);
            else
                m_text->setPlainText(html.error().message);
            emit loaded();
        },
        JobRunner::Visibility::Quiet);
}

QString FindingDialog::text() const
{
    return m_text->toPlainText();
}

} // namespace lineage::ui
