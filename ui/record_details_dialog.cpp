// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_details_dialog.h"

#include "case_session.h"
#include "job_runner.h"

#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lineage::ui {

namespace {

QString pretty(const QByteArray &raw)
{
    const QJsonDocument doc = QJsonDocument::fromJson(raw);
    return doc.isNull() ? QString::fromUtf8(raw) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

QPlainTextEdit *textView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    return view;
}

} // namespace

RecordDetailsDialog::RecordDetailsDialog(CaseSession *session, qint64 recordId, QWidget *parent)
    : QDialog(parent), m_session(session), m_fields(new QLabel(tr("Reading record %1...").arg(recordId), this)),
      m_prompt(textView(this)), m_completion(textView(this)), m_raw(textView(this))
{
    setObjectName(QStringLiteral("recordDetailsDialog"));
    setWindowTitle(tr("Query Record %1").arg(recordId));
    setAttribute(Qt::WA_DeleteOnClose);
    m_fields->setTextFormat(Qt::PlainText);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields->setWordWrap(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_raw->setFont(mono);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_prompt, tr("Prompt"));
    tabs->addTab(m_completion, tr("Completion"));
    tabs->addTab(m_raw, tr("Original"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_fields);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    resize(820, 640);

    const QString path = session->path();
    const auto who = session->investigator();
    session->jobs()->run<Loaded>(
        QStringLiteral("record-details-%1").arg(recordId), tr("Reading record %1").arg(recordId),
        [path, who, recordId](Feedback &) {
            Loaded out;
            auto file = CaseSession::openReader(path, who);
            if (!file) {
                out.error = file.error();
                return out;
            }
            auto record = casefile::QueryRecordStore::get((*file)->db(), recordId);
            if (!record) {
                out.error = record.error();
                return out;
            }
            out.record = *record;
            if (auto raw = casefile::QueryRecordStore::raw((*file)->db(), recordId))
                out.raw = *raw;
            else
                out.error = raw.error();
            if (record->joinedSourceId) {
                if (auto joined = casefile::QueryRecordStore::raw((*file)->db(), recordId, true))
                    out.joinedRaw = *joined;
            }
            return out;
        },
        this, [this](Loaded loaded) { present(loaded); }, JobRunner::Visibility::Quiet);
}

QString RecordDetailsDialog::fieldsText() const
{
    return m_fields->text();
}

QString RecordDetailsDialog::rawText() const
{
    return m_raw->toPlainText();
}

void RecordDetailsDialog::present(const Loaded &loaded)
{
    if (!loaded.record) {
        m_fields->setText(tr("The record could not be read: %1").arg(loaded.error ? loaded.error->message : QString()));
        emit this->loaded();
        return;
    }
    const casefile::QueryRecordRow &r = *loaded.record;
    const DisplayZone &zone = m_session->zone();
    QStringList lines;
    auto add = [&](const QString &name, const QString &value) {
        if (!value.isEmpty())
            lines << QStringLiteral("%1: %2").arg(name, value);
    };
    auto number = [](const auto &v) { return v ? QString::number(*v) : QString(); };
    add(zone.header(tr("Time")),
        r.timeUtc
            ? zone.format(*r.timeUtc) + QStringLiteral("  (") + DisplayZone::formatUtc(*r.timeUtc) + QLatin1Char(')')
            : QString());
    add(tr("Account"), r.account);
    add(tr("API key"), r.apiKey);
    add(tr("Organization"), r.org);
    add(tr("IP"), r.ip);
    add(tr("User agent"), r.userAgent);
    add(tr("Model"), r.model);
    add(tr("Endpoint"), r.endpoint);
    add(tr("Custom id"), r.customId);
    add(tr("Temperature"), number(r.temperature));
    add(tr("top_p"), number(r.topP));
    add(tr("n"), number(r.n));
    add(tr("Max tokens"), number(r.maxTokens));
    add(tr("Logprobs"), number(r.logprobs));
    add(tr("Finish reason"), r.finishReason);
    add(tr("Tokens"),
        r.promptTokens || r.completionTokens
            ? tr("%1 prompt, %2 completion").arg(number(r.promptTokens), number(r.completionTokens))
            : QString());
    add(tr("Source"),
        tr("%1 (source #%2), line %3, bytes %4 to %5")
            .arg(r.sourceName)
            .arg(r.sourceId)
            .arg(r.line)
            .arg(r.byteOffset)
            .arg(r.byteOffset + r.byteLength));
    if (r.joinedSourceId)
        add(tr("Joined with"),
            tr("%1 (source #%2), line %3 (%4)")
                .arg(r.joinedSourceName)
                .arg(*r.joinedSourceId)
                .arg(number(r.joinedLine), r.joinedSide));
    m_fields->setText(lines.join(QLatin1Char('\n')));
    QString prompt
        = r.systemPrompt.isEmpty() ? r.prompt : tr("[system]\n%1\n\n[user]\n%2").arg(r.systemPrompt, r.prompt);
    m_prompt->setPlainText(prompt);
    QString completion = r.completion;
    for (int i = 0; i < r.extraCompletions.size(); ++i)
        completion += tr("\n\n[choice %1]\n%2").arg(i + 2).arg(r.extraCompletions[i]);
    m_completion->setPlainText(completion);
    QString raw = loaded.raw.isEmpty() && loaded.error
        ? tr("The original could not be read: %1").arg(loaded.error->message)
        : pretty(loaded.raw);
    if (!loaded.joinedRaw.isEmpty())
        raw += tr("\n\n--- the other half of the exchange ---\n") + pretty(loaded.joinedRaw);
    m_raw->setPlainText(raw);
    emit this->loaded();
}

} // namespace lineage::ui
