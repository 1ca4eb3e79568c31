// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demo_documents.h"

#include "demo/demo_pdf.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QLocale>

namespace lineage::demo {

namespace {

QJsonObject clause(int page, const QString &date, const QString &asWritten, const QString &text)
{
    return QJsonObject { { QStringLiteral("page"), page },
                         { QStringLiteral("date"), date },
                         { QStringLiteral("as_written"), asWritten },
                         { QStringLiteral("text"), text } };
}

// What the demo says one written document is: the fields an import should find, and its clauses.
QJsonObject documentTruth(const QString &path, const QString &title, const QString &type, const QString &parties,
                          const QString &effectiveDate, int pages, const QJsonArray &clauses)
{
    return QJsonObject { { QStringLiteral("file"), QFileInfo(path).fileName() },
                         { QStringLiteral("title"), title },
                         { QStringLiteral("type"), type },
                         { QStringLiteral("parties"), parties },
                         { QStringLiteral("effective_date"), effectiveDate },
                         { QStringLiteral("pages"), pages },
                         { QStringLiteral("clauses"), clauses } };
}

} // namespace

Result<QJsonArray> writeDemoDocuments(const QString &termsPath, const QString &complaintPath, qint64 ringRecords,
                                      const QStringList &ringAccounts)
{
    PdfSpec terms;
    terms.title = QStringLiteral("Aurora Labs Terms of Use");
    terms.pagesHtml = {
        QStringLiteral(
            "<h1>Aurora Labs Terms of Use</h1>"
            "<p><b>Effective date: November 1, 2024.</b></p>"
            "<p>These Terms of Use govern access to the Aurora Labs API and the aurora-4 models (the \"Services\"). "
            "By creating an account or sending a request you agree to them.</p>"
            "<h2>1. Accounts and API keys</h2>"
            "<p>1.1 You must keep your API keys confidential. You may not share keys between organizations.</p>"
            "<p>1.2 You may not create multiple accounts to evade rate limits, usage caps or enforcement.</p>"
            "<h2>2. Restrictions</h2>"
            "<p>2.1 You may not use the Services in violation of applicable law.</p>"
            "<p>2.2 You may not reverse engineer, decompile or attempt to discover the model weights, "
            "architecture or training data of the Services.</p>"
            "<p>2.3 You may not use Output to develop models that compete with Aurora Labs, "
            "including by training, fine-tuning or distilling another model on Output.</p>"
            "<p>2.4 You may not use any automated means to extract data or Output from the Services "
            "(scraping, harvesting), except through the API in accordance with these Terms.</p>"),
        QStringLiteral(
            "<h2>3. Changes to these Terms</h2>"
            "<p>3.1 On 2025-02-15 Section 2.3 was amended to state expressly that collecting reasoning traces "
            "(chain-of-thought) or multiple sampled completions for training another model is distillation "
            "and is prohibited.</p>"
            "<p>3.2 Continued use of the Services after 15 Feb 2025 means acceptance of the amended Terms.</p>"
            "<h2>4. Suspension</h2>"
            "<p>4.1 Aurora Labs may suspend accounts that breach Section 1 or Section 2 without notice.</p>"
            "<h2>5. 中文摘要</h2>"
            "<p>本条款自2024年11月1日起生效。未经许可，不得使用输出开发与Aurora Labs竞争的模型，"
            "也不得以自动化方式大规模抓取输出。第2."
            "3条已于2025年2月15日修订，明确禁止收集思维链推理过程用于训练其他模型（模型蒸馏）。</p>"),
    };
    if (auto s = writeHtmlPdf(termsPath, terms); !s)
        return s.error();

    const QString accounts = ringAccounts.join(QStringLiteral(", "));
    PdfSpec complaint;
    complaint.title = QStringLiteral("Notice of Breach and Demand - Quillon AI");
    complaint.pagesHtml = {
        QStringLiteral(
            "<p>Aurora Labs, Legal Department<br/>July 8, 2025</p>"
            "<p>To: Quillon AI, Inc., General Counsel</p>"
            "<h2>Notice of Breach of the Aurora Labs Terms of Use and Demand to Cease and Desist</h2>"
            "<p>1. Between April 20, 2025 and June 5, 2025, the accounts %1 sent %2 requests to the aurora-4 API "
            "from shared network addresses. The requests followed a small number of templates, asked the model to "
            "\"think step by step and show your reasoning\", and requested several sampled completions and "
            "token log-probabilities per prompt.</p>"
            "<p>2. On 10 June 2025 Quillon AI released DeepDistill-7B. Its answers reproduce aurora-4 outputs served "
            "to those accounts, in many cases word for word.</p>"
            "<p>3. This conduct breaches Sections 1.2, 2.3 and 2.4 of the Terms of Use effective November 1, 2024, "
            "as amended on 2025-02-15.</p>")
            .arg(accounts.toHtmlEscaped())
            .arg(QLocale::c().toString(ringRecords)),
        QStringLiteral(
            "<h2>Demands</h2>"
            "<p>4. Aurora Labs demands that Quillon AI (a) stop all use of aurora-4 Output, (b) preserve all training "
            "data, logs and model checkpoints relating to DeepDistill-7B, and (c) confirm in writing by July 22, "
            "2025.</p>"
            "<p>5. "
            "我方于2025年7月8日发出本函，要求贵方立即停止使用aurora-4的输出训练模型，并于2025年7月22日前书面答复。</p>"
            "<p>Sincerely,<br/>Aurora Labs Legal</p>"),
    };
    if (auto s = writeHtmlPdf(complaintPath, complaint); !s)
        return s.error();

    QJsonArray truth;
    truth.append(documentTruth(
        termsPath, terms.title, QStringLiteral("terms-of-service"), QStringLiteral("Aurora Labs; API customers"),
        QStringLiteral("2024-11-01"), 2,
        QJsonArray {
            clause(1, QStringLiteral("2024-11-01"), QStringLiteral("November 1, 2024"),
                   QStringLiteral("Effective date")),
            clause(1, {}, {},
                   QStringLiteral("2.3 You may not use Output to develop models that compete with Aurora Labs")),
            clause(1, {}, {}, QStringLiteral("2.4 You may not use any automated means to extract data or Output")),
            clause(2, QStringLiteral("2025-02-15"), QStringLiteral("2025-02-15"),
                   QStringLiteral("3.1 Section 2.3 amended: reasoning traces and sampled completions")),
            clause(2, QStringLiteral("2025-02-15"), QStringLiteral("15 Feb 2025"),
                   QStringLiteral("3.2 acceptance of the amended Terms")),
            clause(2, QStringLiteral("2024-11-01"), QStringLiteral("2024年11月1日"),
                   QStringLiteral("中文摘要: 生效日期")),
            clause(2, QStringLiteral("2025-02-15"), QStringLiteral("2025年2月15日"),
                   QStringLiteral("中文摘要: 第2.3条修订")),
        }));
    truth.append(documentTruth(
        complaintPath, complaint.title, QStringLiteral("complaint"), QStringLiteral("Aurora Labs; Quillon AI, Inc."),
        QStringLiteral("2025-07-08"), 2,
        QJsonArray {
            clause(1, QStringLiteral("2025-07-08"), QStringLiteral("July 8, 2025"),
                   QStringLiteral("date of the letter")),
            clause(1, QStringLiteral("2025-04-20"), QStringLiteral("April 20, 2025"),
                   QStringLiteral("1. start of the harvesting burst")),
            clause(1, QStringLiteral("2025-06-05"), QStringLiteral("June 5, 2025"),
                   QStringLiteral("1. end of the harvesting burst")),
            clause(1, QStringLiteral("2025-06-10"), QStringLiteral("10 June 2025"),
                   QStringLiteral("2. release of DeepDistill-7B")),
            clause(2, QStringLiteral("2025-07-22"), QStringLiteral("July 22, 2025"),
                   QStringLiteral("4. deadline for a written answer")),
            clause(2, QStringLiteral("2025-07-08"), QStringLiteral("2025年7月8日"), QStringLiteral("5. 发函日期")),
        }));
    return truth;
}

} // namespace lineage::demo
