// SPDX-License-Identifier: GPL-3.0-or-later
// Similarity commands: tokenize, align, neardup, tfidf-topk.
#include "cli/cli_command.h"
#include "similarity/fingerprints.h"
#include "similarity/near_duplicates.h"
#include "similarity/pan_xml.h"
#include "similarity/span_alignment.h"
#include "similarity/tfidf.h"
#include "text/tokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

namespace lineage::cli {

namespace {

using namespace lineage::similarity;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));
const QCommandLineOption kChars(QStringLiteral("chars"), QStringLiteral("Character N-grams instead of words."),
                                QStringLiteral("N"));
const QCommandLineOption kNoFold(QStringLiteral("no-fold"), QStringLiteral("Keep letter case (NFKC only)."));
const QCommandLineOption kNoPunct(QStringLiteral("strip-punct"), QStringLiteral("Remove punctuation."));
const QCommandLineOption kNoDiacritics(QStringLiteral("strip-diacritics"), QStringLiteral("Remove diacritical marks."));
const QCommandLineOption kThreads(QStringLiteral("threads"), QStringLiteral("Worker threads (default: every core)."),
                                  QStringLiteral("T"));
const QCommandLineOption kField(QStringLiteral("field"), QStringLiteral("JSON field holding the text (default: text)."),
                                QStringLiteral("NAME"), QStringLiteral("text"));
const QCommandLineOption kIdField(QStringLiteral("id-field"),
                                  QStringLiteral("JSON field holding the id (default: id; line number if absent)."),
                                  QStringLiteral("NAME"), QStringLiteral("id"));
const QCommandLineOption kOut(QStringLiteral("out"), QStringLiteral("Output JSON Lines file."), QStringLiteral("FILE"));
const QCommandLineOption kProgress(QStringLiteral("progress"), QStringLiteral("Report progress on stderr."));

void tokenizerOptions(QCommandLineParser &p)
{
    p.addOption(kChars);
    p.addOption(kNoFold);
    p.addOption(kNoPunct);
    p.addOption(kNoDiacritics);
}

text::TokenizerOptions tokenizerFrom(QCommandLineParser &p)
{
    text::TokenizerOptions o;
    o.normalize.caseFold = !p.isSet(kNoFold);
    o.normalize.removePunctuation = p.isSet(kNoPunct);
    o.normalize.removeDiacritics = p.isSet(kNoDiacritics);
    if (p.isSet(kChars)) {
        o.kind = text::TokenKind::CharNGrams;
        o.ngram = qMax(1, p.value(kChars).toInt());
    }
    return o;
}

int threadsFrom(QCommandLineParser &p)
{
    return p.isSet(kThreads) ? qMax(0, p.value(kThreads).toInt()) : 0;
}

Result<QString> readText(const QString &path)
{
    QFile f(path);
    if (path == QLatin1String("-") ? !f.open(stdin, QIODevice::ReadOnly) : !f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read '%1'.").arg(path), f.errorString());
    return QString::fromUtf8(f.readAll());
}

void setUpProgress(QCommandLineParser &p, CliContext &ctx, Feedback &feedback)
{
    if (!p.isSet(kProgress))
        return;
    feedback.setObserver(
        [&ctx](const Feedback::Progress &pr) {
            ctx.err << pr.phase << ": " << pr.done;
            if (pr.total > 0)
                ctx.err << " / " << pr.total;
            ctx.err << Qt::endl;
        },
        std::chrono::milliseconds(1000));
}

// Texts and ids of a JSON Lines file. A line without the text field is skipped with a
// message naming the line; the id is the id field's value or the line number.
struct Corpus
{
    QJsonArray ids;
    QStringList texts;
    qint64 skipped = 0;
};

Result<Corpus> readJsonl(const QString &path, const QString &field, const QString &idField, CliContext &ctx)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read '%1'.").arg(path), f.errorString());
    Corpus c;
    simdjson::dom::parser parser;
    const std::string textKey = field.toStdString();
    const std::string idKey = idField.toStdString();
    qint64 lineNo = 0;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        ++lineNo;
        if (line.trimmed().isEmpty())
            continue;
        simdjson::dom::element doc;
        if (parser.parse(line.constData(), size_t(line.size())).get(doc) != simdjson::SUCCESS) {
            ctx.err << path << ":" << lineNo << ": not a JSON object, skipped" << Qt::endl;
            ++c.skipped;
            continue;
        }
        std::string_view text;
        if (doc[textKey].get_string().get(text) != simdjson::SUCCESS) {
            ctx.err << path << ":" << lineNo << ": no string field '" << field << "', skipped" << Qt::endl;
            ++c.skipped;
            continue;
        }
        c.texts << QString::fromUtf8(text.data(), qsizetype(text.size()));
        simdjson::dom::element id;
        std::string_view idText;
        int64_t idNumber = 0;
        if (doc[idKey].get(id) != simdjson::SUCCESS)
            c.ids.append(lineNo);
        else if (id.get_string().get(idText) == simdjson::SUCCESS)
            c.ids.append(QString::fromUtf8(idText.data(), qsizetype(idText.size())));
        else if (id.get_int64().get(idNumber) == simdjson::SUCCESS)
            c.ids.append(qint64(idNumber));
        else
            c.ids.append(QString::fromStdString(simdjson::minify(id)));
    }
    return c;
}

Result<std::unique_ptr<QFile>> openOutput(const QString &path)
{
    auto f = std::make_unique<QFile>(path);
    if (!f->open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot write '%1'.").arg(path), f->errorString());
    return f;
}

QByteArray jsonLine(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

int tokenize(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give one TEXT, or - to read standard input."));
    QString original = args[0];
    if (original == QLatin1String("-")) {
        auto text = readText(original);
        if (!text)
            return printError(ctx, text.error());
        original = *text;
    }
    const text::TokenizerOptions options = tokenizerFrom(p);
    const text::TokenizedText t = text::Tokenizer(options).tokenize(original);
    if (p.isSet(kJson)) {
        QJsonArray tokens;
        for (size_t i = 0; i < t.tokens.size(); ++i) {
            const text::Token &tok = t.tokens[i];
            tokens.append(QJsonObject { { QStringLiteral("start"), tok.start },
                                        { QStringLiteral("end"), tok.end },
                                        { QStringLiteral("token"), t.tokenText(i).toString() },
                                        { QStringLiteral("original"), original.mid(tok.start, tok.end - tok.start) } });
        }
        printJson(ctx,
                  { { QStringLiteral("tokenizer"), options.versionTag() },
                    { QStringLiteral("offsets"), QStringLiteral("utf16") },
                    { QStringLiteral("tokens"), tokens } });
        return kExitOk;
    }
    for (size_t i = 0; i < t.tokens.size(); ++i)
        ctx.out << t.tokens[i].start << '\t' << t.tokens[i].end << '\t' << t.tokenText(i) << '\n';
    ctx.out.flush();
    return kExitOk;
}

int align(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 2)
        return usageError(ctx, p, QStringLiteral("Give two text files: A.txt B.txt."));
    auto a = readText(args[0]);
    if (!a)
        return printError(ctx, a.error());
    auto b = readText(args[1]);
    if (!b)
        return printError(ctx, b.error());
    AlignmentOptions o;
    o.tokenizer = tokenizerFrom(p);
    if (p.isSet(QStringLiteral("min-tokens")))
        o.minTokens = qMax(1, p.value(QStringLiteral("min-tokens")).toInt());
    if (p.isSet(QStringLiteral("max-gap")))
        o.maxGap = qMax(0, p.value(QStringLiteral("max-gap")).toInt());
    const Alignment al = alignTexts(*a, *b, o);
    if (p.isSet(QStringLiteral("pan"))) {
        const PanDocument doc = panDocument(al, QFileInfo(args[0]).fileName(), *a, QFileInfo(args[1]).fileName(), *b);
        QFile out(p.value(QStringLiteral("pan")));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(writePanXml(doc)) < 0)
            return printError(
                ctx,
                makeError(ErrorCode::Io, QStringLiteral("Cannot write '%1'.").arg(out.fileName()), out.errorString()));
    }
    const AlignmentSummary &s = al.summary;
    if (p.isSet(kJson)) {
        QJsonArray passages;
        for (const Passage &ps : al.passages) {
            passages.append(QJsonObject { { QStringLiteral("a_start"), ps.aStart },
                                          { QStringLiteral("a_end"), ps.aEnd },
                                          { QStringLiteral("b_start"), ps.bStart },
                                          { QStringLiteral("b_end"), ps.bEnd },
                                          { QStringLiteral("a_tokens"), ps.aTokenCount },
                                          { QStringLiteral("b_tokens"), ps.bTokenCount },
                                          { QStringLiteral("matched_tokens"), ps.matchedTokens },
                                          { QStringLiteral("a_text"), a->mid(ps.aStart, ps.aEnd - ps.aStart) },
                                          { QStringLiteral("b_text"), b->mid(ps.bStart, ps.bEnd - ps.bStart) } });
        }
        printJson(ctx,
                  { { QStringLiteral("a"), args[0] },
                    { QStringLiteral("b"), args[1] },
                    { QStringLiteral("tokenizer"), al.tokenizerVersion },
                    { QStringLiteral("offsets"), QStringLiteral("utf16") },
                    { QStringLiteral("min_tokens"), o.minTokens },
                    { QStringLiteral("max_gap"), o.maxGap },
                    { QStringLiteral("summary"),
                      QJsonObject { { QStringLiteral("tokens_a"), s.tokensA },
                                    { QStringLiteral("tokens_b"), s.tokensB },
                                    { QStringLiteral("shared_tokens"), s.sharedTokens },
                                    { QStringLiteral("coverage_a"), s.coverageA },
                                    { QStringLiteral("coverage_b"), s.coverageB },
                                    { QStringLiteral("longest_passage"), s.longestPassage } } },
                    { QStringLiteral("passages"), passages } });
        return kExitOk;
    }
    ctx.out << al.passages.size() << " shared passages; " << s.sharedTokens << " shared tokens; coverage A "
            << QString::number(s.coverageA * 100, 'f', 1) << "% of " << s.tokensA << " tokens, B "
            << QString::number(s.coverageB * 100, 'f', 1) << "% of " << s.tokensB << "; longest " << s.longestPassage
            << " tokens\n";
    for (const Passage &ps : al.passages) {
        ctx.out << "A[" << ps.aStart << ", " << ps.aEnd << ") B[" << ps.bStart << ", " << ps.bEnd << ") "
                << ps.matchedTokens << " tokens: " << a->mid(ps.aStart, ps.aEnd - ps.aStart).simplified().left(100)
                << '\n';
    }
    ctx.out.flush();
    return kExitOk;
}

int neardup(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give one CORPUS.jsonl."));
    if (!p.isSet(QStringLiteral("threshold")) || !p.isSet(kOut))
        return usageError(ctx, p, QStringLiteral("--threshold J and --out PAIRS.jsonl are required."));
    bool ok = false;
    NearDuplicateOptions o;
    o.threshold = p.value(QStringLiteral("threshold")).toDouble(&ok);
    if (!ok || o.threshold <= 0.0 || o.threshold > 1.0)
        return usageError(ctx, p, QStringLiteral("--threshold must be a number in (0, 1]."));
    o.measure = p.isSet(QStringLiteral("containment")) ? PairMeasure::Containment : PairMeasure::Jaccard;
    o.threads = threadsFrom(p);
    FingerprintOptions fo;
    fo.tokenizer = tokenizerFrom(p);
    fo.shingle = p.isSet(QStringLiteral("shingle")) ? qMax(1, p.value(QStringLiteral("shingle")).toInt())
                                                    : (fo.tokenizer.kind == text::TokenKind::CharNGrams ? 1 : 3);
    fo.numPerm
        = p.isSet(QStringLiteral("num-perm")) ? qBound(1, p.value(QStringLiteral("num-perm")).toInt(), 4096) : 128;
    fo.threads = o.threads;
    Feedback feedback;
    setUpProgress(p, ctx, feedback);
    QElapsedTimer timer;
    timer.start();

    const QString field = p.value(kField);
    const QString idField = p.value(kIdField);
    auto corpus = readJsonl(args[0], field, idField, ctx);
    if (!corpus)
        return printError(ctx, corpus.error());
    std::optional<Corpus> other;
    if (p.isSet(QStringLiteral("against"))) {
        auto read = readJsonl(p.value(QStringLiteral("against")), field, idField, ctx);
        if (!read)
            return printError(ctx, read.error());
        other = std::move(*read);
    }
    auto out = openOutput(p.value(kOut));
    if (!out)
        return printError(ctx, out.error());
    auto fp = computeFingerprints(corpus->texts, fo, feedback);
    if (!fp)
        return printError(ctx, fp.error());
    corpus->texts.clear();
    Result<NearDuplicateResult> result = makeError(ErrorCode::Internal, QString());
    const bool exact = p.isSet(QStringLiteral("exact"));
    if (other) {
        auto ofp = computeFingerprints(other->texts, fo, feedback);
        if (!ofp)
            return printError(ctx, ofp.error());
        other->texts.clear();
        result = exact ? exactNearDuplicatesAgainst(*ofp, *fp, o, feedback)
                       : nearDuplicatesAgainst(*ofp, *fp, o, feedback);
    } else {
        result = exact ? exactNearDuplicatesWithin(*fp, o, feedback) : nearDuplicatesWithin(*fp, o, feedback);
    }
    if (!result)
        return printError(ctx, result.error());
    // Pairs name the query side first: with --against, "a" is a text of OTHER, "b" of CORPUS.
    const QJsonArray &aIds = other ? other->ids : corpus->ids;
    for (const PairMatch &m : result->pairs) {
        const QByteArray line = jsonLine({ { QStringLiteral("a"), aIds[m.a] },
                                           { QStringLiteral("b"), corpus->ids[m.b] },
                                           { QStringLiteral("jaccard"), m.jaccard },
                                           { QStringLiteral("containment_a"), m.containmentA },
                                           { QStringLiteral("containment_b"), m.containmentB },
                                           { QStringLiteral("shared"), m.shared } });
        if ((*out)->write(line) < 0)
            return printError(ctx, makeError(ErrorCode::Io, QStringLiteral("Cannot write '%1'.").arg(p.value(kOut))));
    }
    (*out)->close();
    const QJsonObject summary { { QStringLiteral("pairs"), qint64(result->pairs.size()) },
                                { QStringLiteral("candidates"), result->candidates },
                                { QStringLiteral("method"), exact ? QStringLiteral("exact") : QStringLiteral("lsh") },
                                { QStringLiteral("bands"), result->lsh.bands },
                                { QStringLiteral("rows"), result->lsh.rows },
                                { QStringLiteral("threshold"), o.threshold },
                                { QStringLiteral("texts"), fp->size() },
                                { QStringLiteral("skipped_lines"), corpus->skipped + (other ? other->skipped : 0) },
                                { QStringLiteral("fingerprint"), fo.parametersTag() },
                                { QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0 } };
    if (p.isSet(kJson)) {
        printJson(ctx, summary);
    } else {
        ctx.out << result->pairs.size() << " pairs at "
                << (o.measure == PairMeasure::Containment ? "containment" : "Jaccard") << " >= " << o.threshold << " ("
                << result->candidates << " candidates verified exactly"
                << (exact ? QStringLiteral(", exact search")
                          : QStringLiteral(", LSH %1 bands x %2 rows").arg(result->lsh.bands).arg(result->lsh.rows))
                << ") written to " << p.value(kOut) << '\n';
        ctx.out.flush();
    }
    return kExitOk;
}

int tfidfTopK(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 1)
        return usageError(ctx, p, QStringLiteral("Give one CORPUS.jsonl."));
    if (!p.isSet(kOut))
        return usageError(ctx, p, QStringLiteral("--out NEIGHBOURS.jsonl is required."));
    const int k = p.isSet(QStringLiteral("k")) ? p.value(QStringLiteral("k")).toInt() : 10;
    if (k <= 0)
        return usageError(ctx, p, QStringLiteral("--k must be a positive number."));
    TfidfOptions o;
    o.sublinearTf = p.isSet(QStringLiteral("sublinear"));
    o.threads = threadsFrom(p);
    const text::TokenizerOptions tokenizer = tokenizerFrom(p);
    Feedback feedback;
    setUpProgress(p, ctx, feedback);
    QElapsedTimer timer;
    timer.start();
    auto corpus = readJsonl(args[0], p.value(kField), p.value(kIdField), ctx);
    if (!corpus)
        return printError(ctx, corpus.error());
    std::optional<Corpus> queries;
    if (p.isSet(QStringLiteral("queries"))) {
        auto read = readJsonl(p.value(QStringLiteral("queries")), p.value(kField), p.value(kIdField), ctx);
        if (!read)
            return printError(ctx, read.error());
        queries = std::move(*read);
    }
    auto out = openOutput(p.value(kOut));
    if (!out)
        return printError(ctx, out.error());
    auto corpusDocs = termDocuments(corpus->texts, tokenizer, o.threads, feedback);
    if (!corpusDocs)
        return printError(ctx, corpusDocs.error());
    auto index = TfidfIndex::build(*corpusDocs, o, feedback);
    if (!index)
        return printError(ctx, index.error());
    SparseRows queryRows;
    if (queries) {
        auto queryDocs = termDocuments(queries->texts, tokenizer, o.threads, feedback);
        if (!queryDocs)
            return printError(ctx, queryDocs.error());
        queryRows = index->transform(*queryDocs);
    }
    auto top = index->topK(queries ? queryRows : index->rows(), k, !queries, feedback);
    if (!top)
        return printError(ctx, top.error());
    const QJsonArray &qIds = queries ? queries->ids : corpus->ids;
    for (size_t q = 0; q < top->size(); ++q) {
        QJsonArray neighbours;
        for (const Neighbour &n : (*top)[q])
            neighbours.append(
                QJsonObject { { QStringLiteral("id"), corpus->ids[n.index] }, { QStringLiteral("score"), n.score } });
        if ((*out)->write(jsonLine(
                { { QStringLiteral("id"), qIds[qsizetype(q)] }, { QStringLiteral("neighbours"), neighbours } }))
            < 0)
            return printError(ctx, makeError(ErrorCode::Io, QStringLiteral("Cannot write '%1'.").arg(p.value(kOut))));
    }
    (*out)->close();
    const QJsonObject summary { { QStringLiteral("queries"), qint64(top->size()) },
                                { QStringLiteral("corpus"), index->size() },
                                { QStringLiteral("vocabulary"), index->vocabularySize() },
                                { QStringLiteral("k"), k },
                                { QStringLiteral("tokenizer"), tokenizer.versionTag() },
                                { QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0 } };
    if (p.isSet(kJson))
        printJson(ctx, summary);
    else
        ctx.out << top->size() << " queries against " << index->size() << " texts (" << index->vocabularySize()
                << " terms): top " << k << " written to " << p.value(kOut) << Qt::endl;
    return kExitOk;
}

const CliRegistration
    kTokenize({ QStringLiteral("tokenize"),
                QStringLiteral("Normalize and segment a text; print its tokens with UTF-16 offsets into the original."),
                [](QCommandLineParser &p) {
                    p.addPositionalArgument(QStringLiteral("TEXT"),
                                            QStringLiteral("The text, or - for standard input."));
                    tokenizerOptions(p);
                    p.addOption(kJson);
                },
                tokenize, false });

const CliRegistration kAlign(
    { QStringLiteral("align"),
      QStringLiteral("Shared passages of two texts, with offsets into both (optionally as PAN XML)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("A"), QStringLiteral("The first (suspicious) text file, UTF-8."));
          p.addPositionalArgument(QStringLiteral("B"), QStringLiteral("The second (source) text file, UTF-8."));
          p.addOption({ QStringLiteral("min-tokens"), QStringLiteral("Shortest shared run, in tokens (default 8)."),
                        QStringLiteral("N") });
          p.addOption({ QStringLiteral("max-gap"), QStringLiteral("Merge runs at most N tokens apart (default 3)."),
                        QStringLiteral("N") });
          p.addOption({ QStringLiteral("pan"), QStringLiteral("Also write the passages in PAN text-alignment XML."),
                        QStringLiteral("OUT.xml") });
          tokenizerOptions(p);
          p.addOption(kJson);
      },
      align, false });

const CliRegistration kNearDup(
    { QStringLiteral("neardup"),
      QStringLiteral("Near-duplicate pairs of a JSONL corpus (or against another) with exact Jaccard and containment."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CORPUS"), QStringLiteral("JSON Lines file of texts."));
          p.addOption({ QStringLiteral("against"),
                        QStringLiteral("Compare the texts of OTHER against CORPUS instead of CORPUS with itself."),
                        QStringLiteral("OTHER.jsonl") });
          p.addOption(kField);
          p.addOption(kIdField);
          p.addOption({ QStringLiteral("threshold"), QStringLiteral("Jaccard (or containment) threshold."),
                        QStringLiteral("J") });
          p.addOption({ QStringLiteral("containment"),
                        QStringLiteral("Threshold the larger containment instead of Jaccard.") });
          p.addOption({ QStringLiteral("num-perm"), QStringLiteral("MinHash permutations (default 128)."),
                        QStringLiteral("P") });
          p.addOption({ QStringLiteral("shingle"),
                        QStringLiteral("Tokens per shingle (default 3 for words, 1 for --chars)."),
                        QStringLiteral("K") });
          p.addOption(
              { QStringLiteral("exact"), QStringLiteral("Exact exhaustive search instead of LSH (the baseline).") });
          p.addOption(kOut);
          p.addOption(kThreads);
          p.addOption(kProgress);
          tokenizerOptions(p);
          p.addOption(kJson);
      },
      neardup, false });

const CliRegistration
    kTfidf({ QStringLiteral("tfidf-topk"),
             QStringLiteral("The K nearest texts by TF-IDF cosine, within a JSONL corpus or for queries."),
             [](QCommandLineParser &p) {
                 p.addPositionalArgument(QStringLiteral("CORPUS"), QStringLiteral("JSON Lines file of texts."));
                 p.addOption({ QStringLiteral("queries"),
                               QStringLiteral("Query texts (default: each corpus text against the others)."),
                               QStringLiteral("Q.jsonl") });
                 p.addOption(
                     { QStringLiteral("k"), QStringLiteral("Neighbours per text (default 10)."), QStringLiteral("K") });
                 p.addOption({ QStringLiteral("sublinear"), QStringLiteral("Use 1 + ln(tf).") });
                 p.addOption(kField);
                 p.addOption(kIdField);
                 p.addOption(kOut);
                 p.addOption(kThreads);
                 p.addOption(kProgress);
                 tokenizerOptions(p);
                 p.addOption(kJson);
             },
             tfidfTopK, false });

} // namespace

} // namespace lineage::cli
