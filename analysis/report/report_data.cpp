// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/report_data.h"

#include "casefile/query_record_store.h"
#include "casefile/report_store.h"
#include "core/version.h"
#include "forensics/kind_registry.h"
#include "report/item_text.h"
#include "timeline/bucket_grid.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <limits>

namespace lineage::report {

using namespace lineage::casefile;

namespace {

struct SectionInfo
{
    Section section;
    const char *name;
    const char *title;
};

const SectionInfo kSections[] = {
    { Section::Cover, "cover", "Cover" },
    { Section::Contents, "contents", "Contents" },
    { Section::Summary, "summary", "Case summary" },
    { Section::Methodology, "methodology", "Methodology" },
    { Section::Findings, "findings", "Findings" },
    { Section::Exhibits, "exhibits", "Exhibits" },
    { Section::Comments, "comments", "Comments" },
    { Section::Documents, "documents", "Legal documents and clauses" },
    { Section::Timeline, "timeline", "Timeline" },
    { Section::Custody, "custody", "Appendix A: Chain of custody" },
    { Section::Audit, "audit", "Appendix B: Audit trail" },
    { Section::Verification, "verification", "Appendix C: Verification" },
    { Section::Versions, "versions", "Appendix D: Method and program versions" },
};

const int kPassagesShown = 3;

// The time bucket that gives a readable chart of the whole case: at most ~120 bars.
timeline::BucketSize chartBucket(qint64 spanMs)
{
    return timeline::BucketSize::forSpan(spanMs, 120);
}

} // namespace

const QList<Section> &allSections()
{
    static const QList<Section> all = [] {
        QList<Section> out;
        for (const SectionInfo &s : kSections)
            out << s.section;
        return out;
    }();
    return all;
}

QString sectionName(Section section)
{
    for (const SectionInfo &s : kSections)
        if (s.section == section)
            return QString::fromLatin1(s.name);
    return {};
}

QString sectionTitle(Section section)
{
    for (const SectionInfo &s : kSections)
        if (s.section == section)
            return QString::fromLatin1(s.title);
    return {};
}

Result<QList<Section>> parseSections(const QString &list)
{
    const QString trimmed = list.trimmed();
    if (trimmed.isEmpty() || trimmed == QLatin1String("all"))
        return allSections();
    QSet<Section> wanted;
    for (const QString &raw : trimmed.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = raw.trimmed().toLower();
        bool found = false;
        for (const SectionInfo &s : kSections)
            if (name == QLatin1String(s.name)) {
                wanted.insert(s.section);
                found = true;
            }
        if (!found) {
            QStringList names;
            for (const SectionInfo &s : kSections)
                names << QString::fromLatin1(s.name);
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("'%1' is not a report section; the sections are %2 (or all).")
                                 .arg(raw.trimmed(), names.join(QStringLiteral(", "))));
        }
    }
    QList<Section> out;
    for (Section s : allSections())
        if (wanted.contains(s))
            out << s;
    return out;
}

QString ReportData::time(qint64 utcMs) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs, zone);
    const int offset = t.offsetFromUtc();
    const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const int a = qAbs(offset);
    return QStringLiteral("%1 %2%3:%4 (%5)")
        .arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), sign)
        .arg(a / 3600, 2, 10, QLatin1Char('0'))
        .arg((a % 3600) / 60, 2, 10, QLatin1Char('0'))
        .arg(zoneName);
}

Result<ReportData> buildReport(CaseFile &file, const ReportOptions &options, Feedback &feedback)
{
    ReportData data;
    data.options = options;
    Database &db = file.db();
    feedback.setPhase(QStringLiteral("Reading the case"));
    auto info = file.info();
    if (!info)
        return info.error();
    data.info = *info;
    data.caseFileName = QFileInfo(file.path()).fileName();
    const QString zoneSetting = options.zone.isEmpty() ? data.info.displayTimeZone : options.zone;
    const auto zone = timeline::zoneFromSetting(zoneSetting);
    if (!zone)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not a time zone.").arg(zoneSetting));
    data.zone = *zone;
    data.zoneName = timeline::zoneName(*zone);
    data.generatedUtc = options.generatedUtc ? options.generatedUtc : QDateTime::currentMSecsSinceEpoch();
    data.programVersion = programVersion();

    auto sources = SourceStore::list(db);
    if (!sources)
        return sources.error();
    data.sources = *sources;
    TranscriptStore transcripts(db);
    auto tr = transcripts.transcripts();
    if (!tr)
        return tr.error();
    data.transcripts = *tr;
    auto records = QueryRecordStore::count(db);
    if (!records)
        return records.error();
    data.queryRecords = *records;

    ItemText texts(db);

    // Runs and findings.
    AnalysisStore analyses(db);
    auto runs = analyses.runs();
    if (!runs)
        return runs.error();
    for (const AnalysisRunRow &run : *runs) {
        if (feedback.isCanceled())
            return makeError(ErrorCode::Canceled, QStringLiteral("The report was canceled."));
        if (run.status != QLatin1String("complete")) {
            ++data.otherRuns;
            continue;
        }
        RunEntry entry;
        entry.run = run;
        if (const forensics::AnalysisKind *kind = forensics::findKind(run.kind)) {
            entry.title = kind->title();
            entry.strengthRule = kind->strengthRule();
        } else {
            entry.title = run.kind;
        }
        entry.statisticMeaning = statisticMeaning(run.kind);
        auto findings = analyses.findings(run.id);
        if (!findings)
            return findings.error();
        for (const FindingRow &f : *findings) {
            FindingEntry fe;
            fe.row = f;
            // Pair the spans of each passage; the rest are claims or marks.
            QMap<qint64, QList<FindingSpan>> byPassage;
            QList<FindingSpan> loose;
            for (const FindingSpan &s : f.spans) {
                if (s.passage)
                    byPassage[*s.passage].append(s);
                else
                    loose.append(s);
            }
            fe.passageCount = int(byPassage.size());
            for (auto it = byPassage.cbegin(); it != byPassage.cend() && fe.passages.size() < kPassagesShown; ++it) {
                const QList<FindingSpan> &spans = it.value();
                if (spans.size() < 2)
                    continue;
                auto left = texts.excerpt(spans[0], options.passageContext);
                auto right = texts.excerpt(spans[1], options.passageContext);
                if (!left)
                    return left.error();
                if (!right)
                    return right.error();
                fe.passages.append({ it.key(), *left, *right });
            }
            for (const FindingSpan &s : loose) {
                if (fe.claims.size() >= kPassagesShown)
                    break;
                auto claim = texts.excerpt(s, options.passageContext);
                if (!claim)
                    return claim.error();
                fe.claims.append(*claim);
            }
            entry.findings.append(fe);
        }
        data.runs.append(entry);
    }

    // Exhibits and comments.
    auto exhibits = AnnotationStore::exhibits(db);
    if (!exhibits)
        return exhibits.error();
    for (const ExhibitRow &row : *exhibits) {
        ExhibitEntry e;
        e.row = row;
        auto label = texts.label(row.item.kind, row.item.id);
        if (!label)
            return label.error();
        e.itemLabel = *label;
        if (row.item.kind == QLatin1String("finding"))
            e.findingId = row.item.id;
        if (row.item.kind == QLatin1String("chart"))
            if (const auto chart = forensics::chartOfItemId(row.item.id)) {
                e.chart = chart->second;
                if (chart->second == forensics::EvidenceChart::AccountsRisk) {
                    auto series = forensics::accountsSeries(db, chart->first, feedback);
                    if (series)
                        e.accounts = std::move(*series);
                    else if (series.error().code == ErrorCode::Canceled)
                        return series.error();
                    else
                        e.chartError = series.error().message;
                } else {
                    auto series = forensics::evidenceSeries(db, chart->first, feedback);
                    if (series)
                        e.evidence = std::move(*series);
                    else if (series.error().code == ErrorCode::Canceled)
                        return series.error();
                    else
                        e.chartError = series.error().message;
                }
            }
        auto text = texts.wholeText(row.item.kind, row.item.id, 1200);
        if (!text)
            return text.error();
        e.text = *text;
        data.exhibits.append(e);
    }
    auto comments = ReportStore::comments(db);
    if (!comments)
        return comments.error();
    for (const CommentRow &c : *comments) {
        auto label = texts.label(c.item.kind, c.item.id);
        if (!label)
            return label.error();
        data.comments.append({ c, *label });
    }

    // Documents with the dates found in them; every event of the case.
    DocumentStore documents(db);
    auto docs = documents.documents();
    if (!docs)
        return docs.error();
    auto events
        = timeline::eventsIn(db, std::numeric_limits<qint64>::min() / 2, std::numeric_limits<qint64>::max() / 2);
    if (!events)
        return events.error();
    data.events = *events;
    QHash<qint64, qint64> pageDocument;
    for (const DocumentRow &d : *docs) {
        DocumentEntry de;
        de.document = d;
        auto pages = documents.pages(d.id, false);
        if (!pages)
            return pages.error();
        for (const PageRow &p : *pages)
            pageDocument.insert(p.id, d.id);
        data.documents.append(de);
    }
    for (const timeline::TimelineEvent &e : data.events) {
        if (!e.itemId)
            continue;
        qint64 documentId = 0;
        if (e.itemKind == QLatin1String("document"))
            documentId = *e.itemId;
        else if (e.itemKind == QLatin1String("page"))
            documentId = pageDocument.value(*e.itemId);
        for (DocumentEntry &de : data.documents)
            if (de.document.id == documentId)
                de.dates.append(e);
    }

    // Activity over the whole case.
    if (data.has(Section::Timeline) || data.has(Section::Summary)) {
        feedback.setPhase(QStringLiteral("Counting activity"));
        auto dayRange = timeline::caseRange(db, timeline::BucketSize {}, data.zone);
        if (!dayRange)
            return dayRange.error();
        if (*dayRange) {
            const auto [from, to] = **dayRange;
            timeline::SeriesRequest request;
            request.bucket = chartBucket(to - from);
            auto range = timeline::caseRange(db, request.bucket, data.zone);
            if (!range)
                return range.error();
            request.fromUtc = (*range)->first;
            request.toUtc = (*range)->second;
            request.zone = zoneSetting;
            request.distinctAccounts = true;
            auto series = timeline::computeSeries(db, request, feedback);
            if (!series)
                return series.error();
            data.activity = *series;
        }
    }

    // Audit chain head and the newest entries.
    auto count = AuditLog::count(db);
    if (!count)
        return count.error();
    data.audit.count = *count;
    data.audit.headHash = QString::fromLatin1(AuditLog::kGenesisHash);
    if (*count > 0) {
        const qint64 shown = options.auditExcerpt > 0 ? qMin<qint64>(options.auditExcerpt, *count) : *count;
        auto entries = AuditLog::entries(db, *count - shown + 1, shown);
        if (!entries)
            return entries.error();
        data.audit.entries = *entries;
        if (!entries->isEmpty())
            data.audit.headHash = entries->last().hash;
    }

    if (data.has(Section::Verification)) {
        auto verification = file.verify(feedback);
        if (!verification)
            return verification.error();
        data.verification = *verification;
    }

    data.versions = {
        { QStringLiteral("Lineage"), programVersion() },
        { QStringLiteral("Qt"), QString::fromLatin1(qVersion()) },
        { QStringLiteral("SQLite"), sqliteVersion() },
        { QStringLiteral("ICU"), icuVersion() },
        { QStringLiteral("Poppler"), popplerVersion() },
        { QStringLiteral("zstd"), zstdVersion() },
        { QStringLiteral("simdjson"), simdjsonVersion() },
        { QStringLiteral("Case schema"), QString::number(file.schemaVersion()) },
    };
    return data;
}

} // namespace lineage::report
