// SPDX-License-Identifier: GPL-3.0-or-later
// Annotation commands: tag, star, comment, exhibit. They mark items (ITEM is KIND:ID, e.g.
// record:12, turn:7, page:3) or every row of a filtered table, through the same audited core
// calls the workbench uses.
#include "casefile/annotation_store.h"
#include "casefile/case_file.h"
#include "casefile/table_spec.h"
#include "cli/cli_command.h"

#include <QJsonArray>

namespace lineage::cli {

namespace {

using casefile::AnnotationStore;
using casefile::CaseFile;
using casefile::ItemRef;
using casefile::OpenMode;
using casefile::TableQuery;
using casefile::TableSpec;

const QCommandLineOption kJson(QStringLiteral("json"), QStringLiteral("Machine-readable JSON output."));
const QCommandLineOption kRemove(QStringLiteral("remove"), QStringLiteral("Remove instead of add."));
const QCommandLineOption
    kTable(QStringLiteral("table"),
           QStringLiteral("Mark every row of this table that the filters select "
                          "(records, turns, documents, accounts, actors, diagnostics, audit, findings, account-risk)."),
           QStringLiteral("TABLE"));
const QCommandLineOption kFilter(QStringLiteral("filter"),
                                 QStringLiteral("With --table: KEY=VALUE, KEY>=N, KEY<N, KEY~TEXT, tag=NAME, starred, "
                                                "match=QUERY; repeat to narrow."),
                                 QStringLiteral("F"));

Result<ItemRef> parseItem(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    bool ok = false;
    const qint64 id = colon > 0 ? text.mid(colon + 1).toLongLong(&ok) : 0;
    if (!ok || id <= 0)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("'%1' is not an item: write KIND:ID, e.g. record:12 (kinds: %2).")
                             .arg(text, AnnotationStore::itemKinds().join(QStringLiteral(", "))));
    return ItemRef { text.left(colon), id };
}

// Items of one kind, as the core calls take them.
Result<std::pair<QString, QList<qint64>>> parseItems(const QStringList &args)
{
    QString kind;
    QList<qint64> ids;
    for (const QString &a : args) {
        auto item = parseItem(a);
        if (!item)
            return item.error();
        if (!kind.isEmpty() && item->kind != kind)
            return makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("Mark items of one kind at a time (%1 and %2 given).").arg(kind, item->kind));
        kind = item->kind;
        ids << item->id;
    }
    return std::make_pair(kind, ids);
}

Result<std::unique_ptr<CaseFile>> openCase(const QString &path, CliContext &ctx, OpenMode mode = OpenMode::ReadWrite)
{
    return CaseFile::open(path, casefile::Investigator::current(ctx.investigator), mode);
}

Result<std::pair<const TableSpec *, TableQuery>> tableQuery(QCommandLineParser &p)
{
    const TableSpec *spec = TableSpec::find(p.value(kTable));
    if (!spec) {
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("There is no table '%1' (tables: %2).")
                             .arg(p.value(kTable), TableSpec::names().join(QStringLiteral(", "))));
    }
    TableQuery query;
    for (const QString &f : p.values(kFilter))
        if (auto s = query.addFilter(*spec, f); !s)
            return s.error();
    return std::make_pair(spec, query);
}

void printMark(CliContext &ctx, QCommandLineParser &p, const QString &what, const casefile::MarkChange &change, bool on)
{
    if (p.isSet(kJson)) {
        QJsonArray ids;
        for (qint64 id : change.changed)
            if (ids.size() < 1000)
                ids.append(id);
        printJson(ctx,
                  { { QStringLiteral("what"), what },
                    { QStringLiteral("kind"), change.kind },
                    { QStringLiteral("removed"), !on },
                    { QStringLiteral("requested"), change.requested },
                    { QStringLiteral("changed"), qint64(change.changed.size()) },
                    { QStringLiteral("changed_ids"), ids } });
        return;
    }
    ctx.out << (on ? "Added " : "Removed ") << what << (on ? " on " : " from ") << change.changed.size() << " of "
            << change.requested << ' ' << change.kind << " item(s).\n";
    ctx.out.flush();
}

int tag(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() < 1)
        return usageError(ctx, p, QStringLiteral("Give the case."));
    if (args.size() == 1) { // list the tags
        auto file = openCase(args[0], ctx, OpenMode::ReadOnly);
        if (!file)
            return printError(ctx, file.error());
        auto tags = AnnotationStore::tags((*file)->db());
        if (!tags)
            return printError(ctx, tags.error());
        QJsonArray list;
        for (const auto &t : *tags) {
            list.append(QJsonObject { { QStringLiteral("name"), t.name }, { QStringLiteral("items"), t.items } });
            if (!p.isSet(kJson))
                ctx.out << QStringLiteral("%1  %2 items\n").arg(t.name).arg(t.items);
        }
        if (p.isSet(kJson))
            printJson(ctx, { { QStringLiteral("tags"), list } });
        ctx.out.flush();
        return kExitOk;
    }
    const bool on = !p.isSet(kRemove);
    auto file = openCase(args[0], ctx);
    if (!file)
        return printError(ctx, file.error());
    if (p.isSet(kTable)) {
        if (args.size() != 2)
            return usageError(ctx, p, QStringLiteral("With --table, give the case and the tag only."));
        auto q = tableQuery(p);
        if (!q)
            return printError(ctx, q.error());
        auto change = AnnotationStore::setTagWhere(**file, args[1], *q->first, q->second, on);
        if (!change)
            return printError(ctx, change.error());
        printMark(ctx, p, QStringLiteral("tag '%1'").arg(args[1]), *change, on);
        return kExitOk;
    }
    if (args.size() < 3)
        return usageError(ctx, p, QStringLiteral("Give the case, the tag and the items (or --table with --filter)."));
    auto items = parseItems(args.mid(2));
    if (!items)
        return printError(ctx, items.error());
    auto change = AnnotationStore::setTag(**file, args[1], items->first, items->second, on);
    if (!change)
        return printError(ctx, change.error());
    printMark(ctx, p, QStringLiteral("tag '%1'").arg(args[1]), *change, on);
    return kExitOk;
}

int star(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usageError(ctx, p, QStringLiteral("Give the case and the items."));
    auto items = parseItems(args.mid(1));
    if (!items)
        return printError(ctx, items.error());
    auto file = openCase(args[0], ctx);
    if (!file)
        return printError(ctx, file.error());
    const bool on = !p.isSet(kRemove);
    auto change = AnnotationStore::setStar(**file, items->first, items->second, on);
    if (!change)
        return printError(ctx, change.error());
    printMark(ctx, p, QStringLiteral("star"), *change, on);
    return kExitOk;
}

QJsonObject commentJson(const casefile::CommentRow &c)
{
    return { { QStringLiteral("id"), c.id },
             { QStringLiteral("item"), QStringLiteral("%1:%2").arg(c.item.kind).arg(c.item.id) },
             { QStringLiteral("body"), c.body },
             { QStringLiteral("author"), c.author },
             { QStringLiteral("created"), formatUtc(c.createdUtc) } };
}

QJsonObject exhibitJson(const casefile::ExhibitRow &e)
{
    return { { QStringLiteral("id"), e.id },
             { QStringLiteral("number"), e.number },
             { QStringLiteral("item"), QStringLiteral("%1:%2").arg(e.item.kind).arg(e.item.id) },
             { QStringLiteral("caption"), e.caption } };
}

std::optional<qint64> number(const QString &text)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    return ok && n > 0 ? std::optional<qint64>(n) : std::nullopt;
}

int comment(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    const QString verb = args.value(1);
    const QStringList usage { QStringLiteral("add ITEM TEXT"), QStringLiteral("list ITEM"),
                              QStringLiteral("edit ID TEXT"), QStringLiteral("remove ID") };
    const int want = verb == QLatin1String("add") || verb == QLatin1String("edit") ? 4
        : verb == QLatin1String("list") || verb == QLatin1String("remove")         ? 3
                                                                                   : 0;
    if (!want || args.size() != want)
        return usageError(ctx, p, QStringLiteral("Write: comment CASE %1.").arg(usage.join(QStringLiteral(" | "))));
    auto file = openCase(args[0], ctx, verb == QLatin1String("list") ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    if (verb == QLatin1String("add") || verb == QLatin1String("list")) {
        auto item = parseItem(args[2]);
        if (!item)
            return printError(ctx, item.error());
        if (verb == QLatin1String("add")) {
            auto c = AnnotationStore::addComment(**file, *item, args[3]);
            if (!c)
                return printError(ctx, c.error());
            if (p.isSet(kJson))
                printJson(ctx, commentJson(*c));
            else
                ctx.out << "Added comment " << c->id << " on " << args[2] << ".\n";
            return kExitOk;
        }
        auto a = AnnotationStore::forItem((*file)->db(), *item);
        if (!a)
            return printError(ctx, a.error());
        QJsonArray list;
        for (const auto &c : a->comments) {
            list.append(commentJson(c));
            if (!p.isSet(kJson))
                ctx.out << QStringLiteral("%1  %2  %3: %4\n").arg(c.id).arg(formatUtc(c.createdUtc), c.author, c.body);
        }
        if (p.isSet(kJson))
            printJson(ctx, { { QStringLiteral("item"), args[2] }, { QStringLiteral("comments"), list } });
        ctx.out.flush();
        return kExitOk;
    }
    const auto id = number(args[2]);
    if (!id)
        return usageError(ctx, p, QStringLiteral("'%1' is not a comment id.").arg(args[2]));
    const Status s = verb == QLatin1String("edit") ? AnnotationStore::editComment(**file, *id, args[3])
                                                   : AnnotationStore::removeComment(**file, *id);
    if (!s)
        return printError(ctx, s.error());
    ctx.out << (verb == QLatin1String("edit") ? "Changed" : "Removed") << " comment " << *id << ".\n";
    return kExitOk;
}

int exhibit(QCommandLineParser &p, CliContext &ctx)
{
    const QStringList args = p.positionalArguments();
    const QString verb = args.value(1);
    const QStringList usage { QStringLiteral("list"), QStringLiteral("add ITEM [--caption C] [--number N]"),
                              QStringLiteral("move ID N"), QStringLiteral("caption ID TEXT"),
                              QStringLiteral("remove ID") };
    const int want = verb == QLatin1String("list")                          ? 2
        : verb == QLatin1String("add") || verb == QLatin1String("remove")   ? 3
        : verb == QLatin1String("move") || verb == QLatin1String("caption") ? 4
                                                                            : 0;
    if (!want || args.size() != want)
        return usageError(ctx, p, QStringLiteral("Write: exhibit CASE %1.").arg(usage.join(QStringLiteral(" | "))));
    auto file = openCase(args[0], ctx, verb == QLatin1String("list") ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!file)
        return printError(ctx, file.error());
    if (verb == QLatin1String("list")) {
        auto list = AnnotationStore::exhibits((*file)->db());
        if (!list)
            return printError(ctx, list.error());
        QJsonArray out;
        for (const auto &e : *list) {
            out.append(exhibitJson(e));
            if (!p.isSet(kJson))
                ctx.out << QStringLiteral("Exhibit %1  %2:%3  %4  (id %5)\n")
                               .arg(e.number)
                               .arg(e.item.kind)
                               .arg(e.item.id)
                               .arg(e.caption)
                               .arg(e.id);
        }
        if (p.isSet(kJson))
            printJson(ctx, { { QStringLiteral("exhibits"), out } });
        ctx.out.flush();
        return kExitOk;
    }
    if (verb == QLatin1String("add")) {
        auto item = parseItem(args[2]);
        if (!item)
            return printError(ctx, item.error());
        int at = 0;
        if (p.isSet(QStringLiteral("number"))) {
            const auto n = number(p.value(QStringLiteral("number")));
            if (!n)
                return usageError(ctx, p, QStringLiteral("--number takes a positive number."));
            at = int(*n);
        }
        auto e = AnnotationStore::addExhibit(**file, *item, p.value(QStringLiteral("caption")), at);
        if (!e)
            return printError(ctx, e.error());
        if (p.isSet(kJson))
            printJson(ctx, exhibitJson(*e));
        else
            ctx.out << "Added exhibit " << e->number << " (id " << e->id << ") for " << args[2] << ".\n";
        return kExitOk;
    }
    const auto id = number(args[2]);
    if (!id)
        return usageError(ctx, p, QStringLiteral("'%1' is not an exhibit id.").arg(args[2]));
    Status s;
    if (verb == QLatin1String("remove")) {
        s = AnnotationStore::removeExhibit(**file, *id);
    } else if (verb == QLatin1String("caption")) {
        s = AnnotationStore::setExhibitCaption(**file, *id, args[3]);
    } else {
        const auto to = number(args[3]);
        if (!to)
            return usageError(ctx, p, QStringLiteral("'%1' is not an exhibit number.").arg(args[3]));
        s = AnnotationStore::moveExhibit(**file, *id, int(*to));
    }
    if (!s)
        return printError(ctx, s.error());
    ctx.out << "Exhibit " << *id << ": " << verb << " done.\n";
    return kExitOk;
}

const CliRegistration kTag({ QStringLiteral("tag"),
                             QStringLiteral("Tag items, or every row a table filter selects (audited); CASE alone "
                                            "lists the tags."),
                             [](QCommandLineParser &p) {
                                 p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
                                 p.addPositionalArgument(QStringLiteral("TAG"), QStringLiteral("The tag's name."));
                                 p.addPositionalArgument(QStringLiteral("ITEM"),
                                                         QStringLiteral("KIND:ID, e.g. record:12."),
                                                         QStringLiteral("[ITEM...]"));
                                 p.addOptions({ kRemove, kTable, kFilter, kJson });
                             },
                             tag });
const CliRegistration kStar({ QStringLiteral("star"), QStringLiteral("Star items, or --remove their star (audited)."),
                              [](QCommandLineParser &p) {
                                  p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
                                  p.addPositionalArgument(QStringLiteral("ITEM"),
                                                          QStringLiteral("KIND:ID, e.g. record:12."),
                                                          QStringLiteral("ITEM..."));
                                  p.addOptions({ kRemove, kJson });
                              },
                              star });
const CliRegistration kComment({ QStringLiteral("comment"),
                                 QStringLiteral("Add, list, edit or remove comments on an item (audited)."),
                                 [](QCommandLineParser &p) {
                                     p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
                                     p.addPositionalArgument(QStringLiteral("VERB"),
                                                             QStringLiteral("add ITEM TEXT | list ITEM | edit ID "
                                                                            "TEXT | remove ID"));
                                     p.addOption(kJson);
                                 },
                                 comment });
const CliRegistration kExhibit(
    { QStringLiteral("exhibit"), QStringLiteral("List the exhibits, or add, move, caption or remove one (audited)."),
      [](QCommandLineParser &p) {
          p.addPositionalArgument(QStringLiteral("CASE"), QStringLiteral("The case file."));
          p.addPositionalArgument(QStringLiteral("VERB"),
                                  QStringLiteral("list | add ITEM | move ID N | caption ID "
                                                 "TEXT | remove ID"));
          p.addOption({ QStringLiteral("caption"), QStringLiteral("The exhibit's caption."), QStringLiteral("C") });
          p.addOption({ QStringLiteral("number"), QStringLiteral("Insert at this number (default: last)."),
                        QStringLiteral("N") });
          p.addOption(kJson);
      },
      exhibit });

} // namespace

} // namespace lineage::cli
