// SPDX-License-Identifier: GPL-3.0-or-later
// What an import stores does not change when the import gets faster: the query records,
// accounts and activity summaries of a fixed set of imports digest to the figures recorded
// before the import was reworked, and every original reads back byte for byte with the
// SHA-256 of the file. The schema (indexes included) is the one a fresh case has.
#include "big_log.h"
#include "casefile/evidence_store.h"
#include "casefile/source_store.h"
#include "ingest/importer.h"
#include "test_case.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ingest;
using testing::fixture;

namespace {

// SHA-256 over the dump lines of `tables` (see testing::dumpTables), in order.
QString digestOf(const QStringList &dump, const QStringList &tables)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &line : dump) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0 && tables.contains(line.left(colon)))
            hash.addData((line + QLatin1Char('\n')).toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestImportStoredBytes : public QObject
{
    Q_OBJECT

private slots:
    void storedContentUnchanged();
};

void TestImportStoredBytes::storedContentUnchanged()
{
    QTemporaryDir dir;
    auto c = testing::newCase(dir);
    QVERIFY(c);
    const QString big = dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(testing::writeBigLog(big, 3001, 37)); // not a multiple of any batch size
    const QStringList files { fixture(QStringLiteral("gateway/gateway.jsonl")),
                              fixture(QStringLiteral("compressed/gateway.jsonl.zst")),
                              fixture(QStringLiteral("batch/output.jsonl")), big,
                              fixture(QStringLiteral("batch/input.jsonl")) };
    for (const QString &f : files) {
        auto summary = importFile(*c, f, {});
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        // The original, byte for byte, under the file's own SHA-256.
        const QByteArray bytes = readFile(f);
        QCOMPARE(summary->sha256,
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        EvidenceReader reader(c->db());
        auto stored = reader.readAll(summary->sha256);
        QVERIFY(stored.ok());
        QVERIFY(*stored == bytes);
    }
    QCOMPARE(testing::count(c->db(), "SELECT count(*) FROM query_records"), qint64(3001 + 4 + 4 + 4));

    const QStringList dump = testing::dumpTables(c->db());
    // Recorded with the import before it deferred its index builds (main at 0ef42f5).
    QCOMPARE(digestOf(dump, { QStringLiteral("query_records") }),
             QStringLiteral("7dedb7782d1a773092e7f7c02b153906a8f7a3f38f978109871f676cd4b54ec0"));
    QCOMPARE(digestOf(dump, { QStringLiteral("accounts") }),
             QStringLiteral("5e69bb86536784d5bbd85b02e49bdb585650b805b7e14db3caa60895a35e1f56"));
    QCOMPARE(digestOf(dump,
                      { QStringLiteral("account_activity_days"), QStringLiteral("activity_hours"),
                        QStringLiteral("account_activity_totals") }),
             QStringLiteral("e5931bc114af130587ce86eea1987db7ce5b892ca39b01d4e3d2a41d1f355986"));

    // The same schema as a case that never imported anything: every index is back.
    auto fresh = testing::newCase(dir, QStringLiteral("fresh.lineage"));
    QVERIFY(fresh);
    auto schema = [](const QStringList &d) {
        QStringList s;
        for (const QString &line : d)
            if (line.contains(QLatin1Char('|'))) // name|sql; rows are hex and commas
                s << line;
        return s;
    };
    QCOMPARE(schema(dump), schema(testing::dumpTables(fresh->db())));
}

QTEST_GUILESS_MAIN(TestImportStoredBytes)
#include "tst_import_stored_bytes.moc"
