// SPDX-License-Identifier: GPL-3.0-or-later
// Edit commands: transcripts, transcript, documents, document, dates. They list the
// transcripts and documents of a case, change the analyst's fields (model label and role;
// type, parties and effective date) and turn dates found in a document into timeline events,
// through the same audited core calls the GUI uses.
#include "casefile/case_file.h"
#include "casefile/document_store.h"
#include "casefile/event_store.h"
#include "casefile/transcript_store.h"
#include "cli/cli_command.h"
#include "ingest/document_dates.h"

#include <QDate>
#include <QJsonArray>
#include <QSet>

#include <optional>

namespace lineage::cli {

namespace {

using casefile::CaseFile;
using casefile::DocumentRow;
using casefile::DocumentStore;
using casefile::Investigator;
using casefile::OpenMode;
using casefile::TranscriptRow;
using casefile::TranscriptStore;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));

std::optional<qint64> parseId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

Result<std::unique_ptr<CaseFile>> openCase(const QString &path, CliContext &ctx, OpenMode mode)
{
    return CaseFile::open(path, Investigator::current(ctx.investigator), mode);
}

QJsonObject transcriptJson(const TranscriptRow &t)
{
    return { { QStringLiteral("id"), t.id },
             { QStringLiteral("source_id"), t.sourceId },
             { QStringLiteral("source"), t.sourceName },
             { QStringLiteral("model_label"), t.modelLabel },
             { QStringLiteral("role"), t.role },
             { QStringLiteral("title"), t.title },
             { QStringLiteral("turns"), t.turnCount } };
}

QJsonObject documentJson(const DocumentRow &d)
{
    return { { QStringLiteral("id"), d.id },
             { QStringLiteral("source_id"), d.sourceId },
             { QStringLiteral("source"), d.sourceName },
             { QStringLiteral("type"), d.type },
             { QStringLiteral("title"), d.title },
             { QStringLiteral("parties"), d.parties },
             { QStringLiteral("effective_date"), d.effectiveDate },
             { QStringLiteral("pages"), d.pageCount } };
}

void printTranscript(CliContext &ctx, const TranscriptRow &t)
{
    ctx.out << QStringLiteral("%1  %2  %3  %4 turns  %5%6\n")
                   .arg(t.id, 4)
                   .arg(t.modelLabel, t.role)
                   .arg(t.turnCount)
                   .arg(t.sourceName, t.title.isEmpty() ? QString() : QStringLiteral("  \"%1\"").arg(t.title));
}

void printDocument(CliContext &ctx, const DocumentRow &d)
{
    ctx.out << QStringLiteral("%1  %2  %3 pages  effective %4  parties %5  %6%7\n")
                   .arg(d.id, 4)
                   .arg(d.type)
                   .arg(d.pageCount)
                   .arg(d.effectiveDate.isEmpty() ? QStringLiteral("-") : d.effectiveDate,
                        d.parties.isEmpty() ? QStringLiteral("-") : d.parties, d.sourceName,
                        d.title.isEmpty() ? QString() : QStringLiteral("  \"%1\"").arg(d.title));
}

// What the list and show-or-change commands need to know of one kind of item.
template<typename Row> struct ItemKind
{
    QString noun; // "transcript"
    QString plural; // "transcripts"
    Result<QList<Row>> (*list)(casefile::Database &);
    Result<Row> (*get)(casefile::Database &, qint64);
    QJsonObject (*json)(const Row &);
    void (*print)(CliContext &, const Row &);
    bool (*same)(const Row &, const Row &); // true when the editable fields are equal
};

const ItemKind<TranscriptRow> kTranscriptKind {
    QStringLiteral("transcript"),
    QStringLiteral("transcripts"),
    [](casefile::Database &db) { return TranscriptStore(db).transcripts(); },
    [](casefile::Database &db, qint64 id) { return TranscriptStore(db).transcript(id); },
    transcriptJson,
    printTranscript,
    [](const TranscriptRow &a, const TranscriptRow &b) { return a.modelLabel == b.modelLabel && a.role == b.role; },
};

const ItemKind<DocumentRow> kDocumentKind {
    QStringLiteral("document"),
    QStringLiteral("documents"),
    [](casefile::Database &db) { return DocumentStore(db).documents(); },
    [](casefile::Database &db, qint64 id) { return DocumentStore(db).document(id); },
    documentJson,
    printDocument,
    [](const DocumentRow &a, const DocumentRow &b) {
        return a.type == b.type && a.parties == b.parties && a.effectiveDate == b.effectiveDate;
    },
};

template<typename Row> int listItems(QCommandLineParser &p, CliContext &ctx, const ItemKind<Row> &kind)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give exactly one CASE file."));
    auto file = openCase(args[0], ctx, OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto list = kind.list((*file)->db());
    if (!list)
        return printError(ctx, list.error());
    if (p.isSet(kJson)) {
        QJsonArray items;
        for (const Row &row : *list)
            items.append(kind.json(row));
        printJson(ctx, { { QStringLiteral("case"), args[0] }, { kind.plural, items } });
        return kExitOk;
    }
    for (const Row &row : *list)
        kind.print(ctx, row);
    if (list->isEmpty())
        ctx.out << QStringLiteral("No %1 in this case.\n").arg(kind.plural);
    ctx.out.flush();
    return kExitOk;
}

// The CASE and ID arguments of a command about one item.
struct ItemArgs
{
    QString casePath;
    qint64 id = 0;
};

// The CASE and ID arguments, or nullopt after a usage error has been printed.
std::optional<ItemArgs> itemArgs(QCommandLineParser &p, CliContext &ctx, const QString &noun)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 2) {
        usageError(ctx, p, QStringLiteral("Give the CASE and the %1 ID.").arg(noun));
        return std::nullopt;
    }
    const auto id = parseId(args[1]);
    if (!id) {
        usageError(ctx, p, QStringLiteral("'%1' is not a %2 id (a positive number).").arg(args[1], noun));
        return std::nullopt;
    }
    return ItemArgs { args[0], *id };
}

// What a command shows of an item beyond its line: its turns or pages, printed, or added to
// `json` when it is not null.
template<typename Row> using ItemContent = std::function<Status(casefile::Database &, const Row &, QJsonObject *json)>;

// Shows an item or, when `change`, changes it with `update` (given the item as it was) and shows
// it as it is now, saying whether anything changed. Shown without a change, `content` follows.
template<typename Row>
int showOrChange(QCommandLineParser &p, CliContext &ctx, const ItemKind<Row> &kind, const ItemArgs &item, bool change,
                 const std::function<Status(CaseFile &, const Row &)> &update, const ItemContent<Row> &content = {})
{
    auto file = openCase(item.casePath, ctx, change ? OpenMode::ReadWrite : OpenMode::ReadOnly);
    if (!file)
        return printError(ctx, file.error());
    auto old = kind.get((*file)->db(), item.id);
    if (!old)
        return printError(ctx, old.error());
    if (change) {
        const Status s = update(**file, *old);
        if (!s)
            return printError(ctx, s.error());
    }
    auto now = kind.get((*file)->db(), item.id);
    if (!now)
        return printError(ctx, now.error());
    const bool changed = !kind.same(*now, *old);
    if (p.isSet(kJson)) {
        QJsonObject o = kind.json(*now);
        o.insert(QStringLiteral("changed"), changed);
        if (!change && content)
            if (auto s = content((*file)->db(), *now, &o); !s)
                return printError(ctx, s.error());
        printJson(ctx, o);
        return kExitOk;
    }
    kind.print(ctx, *now);
    if (change && !changed)
        ctx.out << "Nothing changed.\n";
    if (!change && content)
        if (auto s = content((*file)->db(), *now, nullptr); !s)
            return printError(ctx, s.error());
    ctx.out.flush();
    return kExitOk;
}

// The number given to `option` (--turn, --page), 0 when it is not set, -1 when it is not a
// positive number (after a usage error has been printed).
qint64 numberOption(QCommandLineParser &p, CliContext &ctx, const QString &option)
{
    if (!p.isSet(option))
        return 0;
    const auto n = parseId(p.value(option));
    if (!n) {
        usageError(ctx, p,
                   QStringLiteral("--%1 takes a number as listed (1 for the first); '%2' is not one.")
                       .arg(option, p.value(option)));
        return -1;
    }
    return *n;
}

QJsonObject turnJson(const casefile::TurnRow &t)
{
    QJsonObject o { { QStringLiteral("turn"), t.seq },
                    { QStringLiteral("id"), t.id },
                    { QStringLiteral("conversation"), t.conversation },
                    { QStringLiteral("system"), t.system },
                    { QStringLiteral("prompt"), t.prompt },
                    { QStringLiteral("answer"), t.answer },
                    { QStringLiteral("prompt_chars"), t.prompt.size() },
                    { QStringLiteral("answer_chars"), t.answer.size() } };
    o.insert(QStringLiteral("line"), t.line ? QJsonValue(*t.line) : QJsonValue());
    o.insert(QStringLiteral("byte_offset"), t.byteOffset ? QJsonValue(*t.byteOffset) : QJsonValue());
    o.insert(QStringLiteral("byte_length"), t.byteLength ? QJsonValue(*t.byteLength) : QJsonValue());
    return o;
}

void printTurn(CliContext &ctx, const casefile::TurnRow &t)
{
    QStringList place;
    if (t.line)
        place << QStringLiteral("line %1").arg(*t.line);
    if (!t.conversation.isEmpty())
        place << QStringLiteral("conversation %1").arg(t.conversation);
    place << QStringLiteral("prompt %1 chars").arg(t.prompt.size())
          << QStringLiteral("answer %1 chars").arg(t.answer.size());
    ctx.out << QStringLiteral("\n--- turn %1 · %2\n").arg(t.seq).arg(place.join(QStringLiteral(" · ")));
    if (!t.system.isEmpty())
        ctx.out << "[system]\n" << t.system << "\n";
    ctx.out << "[prompt]\n" << t.prompt << "\n[answer]\n" << t.answer << "\n";
}

// The turns of a transcript (or only turn `only`), read page by page.
Status transcriptTurns(CliContext &ctx, casefile::Database &db, const TranscriptRow &t, qint64 only, QJsonObject *json)
{
    TranscriptStore store(db);
    QJsonArray turns;
    auto deliver = [&](const casefile::TurnRow &turn) {
        if (json)
            turns.append(turnJson(turn));
        else
            printTurn(ctx, turn);
    };
    if (only > 0) {
        auto turn = store.turnBySeq(t.id, only);
        if (!turn)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("Transcript %1 has %2 turn(s); there is no turn %3.")
                                 .arg(t.id)
                                 .arg(t.turnCount)
                                 .arg(only));
        deliver(*turn);
    } else {
        for (qint64 after = -1;;) {
            auto page = store.turns(t.id, after, 500);
            if (!page)
                return page.error();
            for (const casefile::TurnRow &turn : std::as_const(*page))
                deliver(turn);
            if (page->size() < 500)
                break;
            after = page->last().seq;
        }
    }
    if (json)
        json->insert(QStringLiteral("turn_texts"), turns); // "turns" is the count
    return {};
}

QJsonObject pageJson(const casefile::PageRow &page)
{
    return { { QStringLiteral("page"), page.pageNo }, { QStringLiteral("id"), page.id },
             { QStringLiteral("text"), page.text },   { QStringLiteral("chars"), page.text.size() },
             { QStringLiteral("width"), page.width }, { QStringLiteral("height"), page.height } };
}

// The text of a document's pages (or of page `only`), page by page.
Status documentPages(CliContext &ctx, casefile::Database &db, const DocumentRow &d, qint64 only, QJsonObject *json)
{
    DocumentStore store(db);
    QList<casefile::PageRow> pages;
    if (only > 0) {
        auto page = store.page(d.id, qint32(only));
        if (!page)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("Document %1 has %2 page(s); there is no page %3.")
                                 .arg(d.id)
                                 .arg(d.pageCount)
                                 .arg(only));
        pages.append(*page);
    } else {
        auto all = store.pages(d.id);
        if (!all)
            return all.error();
        pages = *all;
    }
    QJsonArray list;
    for (const casefile::PageRow &page : std::as_const(pages)) {
        if (json) {
            list.append(pageJson(page));
            continue;
        }
        ctx.out << QStringLiteral("\n--- page %1 of %2 · %3 chars\n")
                       .arg(page.pageNo)
                       .arg(d.pageCount)
                       .arg(page.text.size())
                << page.text << (page.text.endsWith(QLatin1Char('\n')) ? "" : "\n");
    }
    if (json)
        json->insert(QStringLiteral("page_texts"), list); // "pages" is the count
    return {};
}

int listTranscripts(QCommandLineParser &p, CliContext &ctx)
{
    return listItems(p, ctx, kTranscriptKind);
}

int editTranscript(QCommandLineParser &p, CliContext &ctx)
{
    const auto item = itemArgs(p, ctx, kTranscriptKind.noun);
    if (!item)
        return kExitUsage;
    const QString role = p.value(QStringLiteral("role"));
    if (p.isSet(QStringLiteral("role")) && !TranscriptStore::roles().contains(role))
        return usageError(ctx, p,
                          QStringLiteral("'%1' is not a transcript role; use one of %2.")
                              .arg(role, TranscriptStore::roles().join(QStringLiteral(", "))));
    const QString label = p.value(QStringLiteral("label")).trimmed();
    if (p.isSet(QStringLiteral("label")) && label.isEmpty())
        return usageError(ctx, p, QStringLiteral("A transcript needs a model label; --label cannot be empty."));
    const bool change = p.isSet(QStringLiteral("role")) || p.isSet(QStringLiteral("label"));
    const qint64 turn = numberOption(p, ctx, QStringLiteral("turn"));
    if (turn < 0)
        return kExitUsage;
    if (change && turn > 0)
        return usageError(ctx, p, QStringLiteral("--turn shows one turn; give it without --label and --role."));
    return showOrChange<TranscriptRow>(
        p, ctx, kTranscriptKind, *item, change,
        [&](CaseFile &file, const TranscriptRow &old) {
            return TranscriptStore::updateTranscript(file, item->id, label.isEmpty() ? old.modelLabel : label,
                                                     role.isEmpty() ? old.role : role);
        },
        [&](casefile::Database &db, const TranscriptRow &t, QJsonObject *json) {
            return transcriptTurns(ctx, db, t, turn, json);
        });
}

int listDocuments(QCommandLineParser &p, CliContext &ctx)
{
    return listItems(p, ctx, kDocumentKind);
}

int editDocument(QCommandLineParser &p, CliContext &ctx)
{
    const auto item = itemArgs(p, ctx, kDocumentKind.noun);
    if (!item)
        return kExitUsage;
    const QString type = p.value(QStringLiteral("type"));
    if (p.isSet(QStringLiteral("type")) && !DocumentStore::types().contains(type))
        return usageError(ctx, p,
                          QStringLiteral("'%1' is not a document type; use one of %2.")
                              .arg(type, DocumentStore::types().join(QStringLiteral(", "))));
    QString date = p.value(QStringLiteral("effective-date")).trimmed();
    if (date == QLatin1String("none"))
        date.clear();
    else if (p.isSet(QStringLiteral("effective-date")) && !QDate::fromString(date, Qt::ISODate).isValid())
        return usageError(
            ctx, p,
            QStringLiteral("'%1' is not a date; give --effective-date as YYYY-MM-DD, or none to clear it.").arg(date));
    const bool change = p.isSet(QStringLiteral("type")) || p.isSet(QStringLiteral("parties"))
        || p.isSet(QStringLiteral("effective-date"));
    const qint64 page = numberOption(p, ctx, QStringLiteral("page"));
    if (page < 0)
        return kExitUsage;
    if (change && page > 0)
        return usageError(
            ctx, p, QStringLiteral("--page shows one page; give it without --type, --parties and --effective-date."));
    return showOrChange<DocumentRow>(
        p, ctx, kDocumentKind, *item, change,
        [&](CaseFile &file, const DocumentRow &old) {
            return DocumentStore::updateFields(
                file, item->id, p.isSet(QStringLiteral("type")) ? type : old.type,
                p.isSet(QStringLiteral("parties")) ? p.value(QStringLiteral("parties")).trimmed() : old.parties,
                p.isSet(QStringLiteral("effective-date")) ? date : old.effectiveDate);
        },
        [&](casefile::Database &db, const DocumentRow &d, QJsonObject *json) {
            return documentPages(ctx, db, d, page, json);
        });
}

// The event already made from a candidate (same page and span), or 0.
qint64 acceptedEvent(casefile::Database &db, const ingest::DateCandidate &c)
{
    if (!c.pageId)
        return 0;
    auto events = casefile::EventStore(db).eventsForItem(QStringLiteral("page"), c.pageId);
    if (!events)
        return 0;
    for (const casefile::EventRow &e : *events)
        if (e.kind == QLatin1String("document-date") && e.itemStart == c.charStart && e.itemLength == c.length)
            return e.id;
    return 0;
}

int dates(QCommandLineParser &p, CliContext &ctx)
{
    const auto item = itemArgs(p, ctx, kDocumentKind.noun);
    if (!item)
        return kExitUsage;
    const qint64 id = item->id;
    QList<int> accept;
    if (p.isSet(QStringLiteral("accept"))) {
        const QStringList parts = p.value(QStringLiteral("accept")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            bool ok = false;
            const int n = part.trimmed().toInt(&ok);
            if (!ok || n <= 0)
                return usageError(
                    ctx, p,
                    QStringLiteral("--accept takes candidate numbers as listed, e.g. 1,3; '%1' is not one.")
                        .arg(part.trimmed()));
            if (!accept.contains(n))
                accept.append(n);
        }
        if (accept.isEmpty())
            return usageError(ctx, p, QStringLiteral("--accept takes candidate numbers as listed, e.g. 1,3."));
    } else if (p.isSet(QStringLiteral("title"))) {
        return usageError(ctx, p, QStringLiteral("--title names the events made with --accept."));
    }
    auto file = openCase(item->casePath, ctx, accept.isEmpty() ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    auto &db = (*file)->db();
    auto document = DocumentStore(db).document(id);
    if (!document)
        return printError(ctx, document.error());
    auto candidates = ingest::documentDateCandidates(db, id);
    if (!candidates)
        return printError(ctx, candidates.error());

    QList<qint64> events(candidates->size());
    for (qsizetype i = 0; i < candidates->size(); ++i)
        events[i] = acceptedEvent(db, candidates->at(i));
    // Check every number before adding anything, so a typo adds nothing.
    for (int n : std::as_const(accept)) {
        if (n > candidates->size())
            return printError(ctx,
                              makeError(ErrorCode::InvalidInput,
                                        QStringLiteral("Document %1 has %2 date candidate(s); there is no number %3.")
                                            .arg(id)
                                            .arg(candidates->size())
                                            .arg(n)));
        if (events[n - 1])
            return printError(
                ctx,
                makeError(
                    ErrorCode::InvalidInput,
                    QStringLiteral("Candidate %1 is already on the timeline (event %2).").arg(n).arg(events[n - 1])));
    }
    QJsonArray added;
    for (int n : std::as_const(accept)) {
        auto event = ingest::acceptDateCandidate(**file, id, candidates->at(n - 1), p.value(QStringLiteral("title")));
        if (!event)
            return printError(ctx, event.error());
        events[n - 1] = *event;
        added.append(QJsonObject { { QStringLiteral("number"), n }, { QStringLiteral("event_id"), *event } });
        if (!p.isSet(kJson))
            ctx.out << QStringLiteral("Added event %1 on %2 from candidate %3.\n")
                           .arg(*event)
                           .arg(candidates->at(n - 1).date.toString(Qt::ISODate))
                           .arg(n);
    }
    if (p.isSet(kJson)) {
        QJsonArray list;
        for (qsizetype i = 0; i < candidates->size(); ++i) {
            const ingest::DateCandidate &c = candidates->at(i);
            QJsonObject o {
                { QStringLiteral("number"), i + 1 },     { QStringLiteral("date"), c.date.toString(Qt::ISODate) },
                { QStringLiteral("page"), c.pageNo },    { QStringLiteral("char_start"), c.charStart },
                { QStringLiteral("length"), c.length },  { QStringLiteral("matched"), c.matched },
                { QStringLiteral("context"), c.context }
            };
            o.insert(QStringLiteral("event_id"), events[i] ? QJsonValue(events[i]) : QJsonValue());
            list.append(o);
        }
        printJson(ctx,
                  { { QStringLiteral("document"), id },
                    { QStringLiteral("candidates"), list },
                    { QStringLiteral("added"), added } });
        return kExitOk;
    }
    if (accept.isEmpty()) {
        for (qsizetype i = 0; i < candidates->size(); ++i) {
            const ingest::DateCandidate &c = candidates->at(i);
            ctx.out << QStringLiteral("%1  %2  page %3  \"%4\"  %5%6\n")
                           .arg(i + 1, 3)
                           .arg(c.date.toString(Qt::ISODate))
                           .arg(c.pageNo)
                           .arg(c.matched, c.context,
                                events[i] ? QStringLiteral("  [event %1]").arg(events[i]) : QString());
        }
        if (candidates->isEmpty())
            ctx.out << "No dates found in document " << id << ".\n";
    }
    ctx.out.flush();
    return kExitOk;
}

void caseOnly(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
    p.addOption(kJson);
}

void caseAndId(QCommandLineParser &p, const QString &idName)
{
    p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file (*.lineage)."));
    p.addPositionalArgument(QStringLiteral("ID"), idName);
    p.addOption(kJson);
}

const CliRegistration kTranscripts({ QStringLiteral("transcripts"),
                                     QStringLiteral("List a case's transcripts: id, model label, role, turns."),
                                     caseOnly, listTranscripts, false });
const CliRegistration kTranscript(
    { QStringLiteral("transcript"),
      QStringLiteral("Show a transcript and its turns, or change its model label and role (audited)."),
      [](QCommandLineParser &p) {
          caseAndId(p, QStringLiteral("The transcript id (see 'lineage-cli transcripts')."));
          p.addOption(
              { QStringLiteral("turn"), QStringLiteral("Show only turn N (1 for the first)."), QStringLiteral("N") });
          p.addOption({ QStringLiteral("label"), QStringLiteral("The model that produced the transcript."),
                        QStringLiteral("MODEL") });
          p.addOption(
              { QStringLiteral("role"),
                QStringLiteral("Its role in the case: %1.").arg(TranscriptStore::roles().join(QStringLiteral(", "))),
                QStringLiteral("ROLE") });
      },
      editTranscript });
const CliRegistration kDocuments({ QStringLiteral("documents"),
                                   QStringLiteral("List a case's documents: id, type, pages, effective date, parties."),
                                   caseOnly, listDocuments, false });
const CliRegistration kDocument(
    { QStringLiteral("document"),
      QStringLiteral("Show a document and its text page by page, or change its type, parties and effective date "
                     "(audited)."),
      [](QCommandLineParser &p) {
          caseAndId(p, QStringLiteral("The document id (see 'lineage-cli documents')."));
          p.addOption(
              { QStringLiteral("page"), QStringLiteral("Show only page N (1 for the first)."), QStringLiteral("N") });
          p.addOption({ QStringLiteral("type"),
                        QStringLiteral("The document type: %1.").arg(DocumentStore::types().join(QStringLiteral(", "))),
                        QStringLiteral("TYPE") });
          p.addOption({ QStringLiteral("parties"), QStringLiteral("The parties, as free text."), QStringLiteral("P") });
          p.addOption({ QStringLiteral("effective-date"),
                        QStringLiteral("The effective date (YYYY-MM-DD), or none to clear it."),
                        QStringLiteral("DATE") });
      },
      editDocument });
const CliRegistration
    kDates({ QStringLiteral("dates"),
             QStringLiteral("List the dates found in a document's text, numbered; --accept adds them to the timeline."),
             [](QCommandLineParser &p) {
                 caseAndId(p, QStringLiteral("The document id (see 'lineage-cli documents')."));
                 p.addOption({ QStringLiteral("accept"),
                               QStringLiteral("Add the candidates with these numbers as timeline events (audited)."),
                               QStringLiteral("N[,M...]") });
                 p.addOption({ QStringLiteral("title"),
                               QStringLiteral("Title of the events added (default: the document and the date as "
                                              "written)."),
                               QStringLiteral("T") });
             },
             dates });

} // namespace

} // namespace lineage::cli
