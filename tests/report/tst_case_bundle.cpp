// SPDX-License-Identifier: GPL-3.0-or-later
// Case bundles: export, verify, open; tampering with any file, byte or the signature is
// caught and named (issue 13).
#include "casefile/audit_log.h"
#include "casefile/case_file.h"
#include "casefile/query_record_store.h"
#include "casefile/source_store.h"
#include "demo/demo_generator.h"
#include "report/bundle_archive.h"
#include "report/bundle_signing.h"
#include "report/case_bundle.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace lineage;
using casefile::CaseFile;

namespace {

const casefile::Investigator kWho { QStringLiteral("B. Examiner"), QStringLiteral("bexaminer") };

struct Entry
{
    QString name;
    QByteArray bytes;
};

// Every entry of a ZIP archive with its bytes (the bundles of the tests are small).
QList<Entry> readAll(const QString &path)
{
    QList<Entry> out;
    const Status s = report::ZipReader::read(path, false, [&](const report::ZipReader::Entry &e) {
        out.append({ e.name, {} });
        return [&out](const QByteArray &piece) {
            out.last().bytes.append(piece);
            return true;
        };
    });
    if (!s)
        qWarning() << s.error().message << s.error().detail;
    return out;
}

// The same entries written again (with the original's entry time), as a tamperer would.
void writeAll(const QString &path, const QList<Entry> &entries, qint64 time)
{
    report::ZipWriter zip;
    QVERIFY(zip.open(path, time));
    for (const Entry &e : entries) {
        QVERIFY(zip.beginEntry(e.name, e.bytes.size()));
        QVERIFY(zip.write(e.bytes));
    }
    QVERIFY(zip.close());
}

QStringList problemFiles(const report::BundleVerification &v)
{
    QStringList files;
    for (const auto &p : v.problems)
        files << p.file;
    return files;
}

} // namespace

class TestCaseBundle : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void unsignedBundleVerifies();
    void signedBundleVerifiesAndNamesTheSigner();
    void openRestoresTheSameCase();
    void changedByteInAnyFileIsNamed();
    void removedOrAddedFileIsNamed();
    void replacedSignatureFails();
    void truncatedAuditChainFails();
    void flippedBytesAnywhereFail();
    void exportWhileTheCaseIsOpenElsewhere();

private:
    QTemporaryDir m_dir;
    QString m_case;
    QString m_unsigned;
    QString m_signed;
    QString m_fingerprint;
    qint64 m_time = 0;
};

void TestCaseBundle::initTestCase()
{
    QVERIFY(m_dir.isValid());
    demo::DemoOptions options;
    options.tiny = true;
    auto summary = demo::buildDemoCase(m_dir.filePath(QStringLiteral("demo")), options, kWho);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    m_case = summary->casePath;
    auto file = CaseFile::open(m_case, kWho);
    QVERIFY(file);
    m_unsigned = m_dir.filePath(QStringLiteral("unsigned.zip"));
    auto a = report::exportBundle(**file, m_unsigned, { {}, true });
    QVERIFY2(a, a ? "" : qPrintable(a.error().message));
    QVERIFY(!a->signedBundle);
    auto key = report::generateKey(m_dir.filePath(QStringLiteral("key.pem")));
    QVERIFY2(key, key ? "" : qPrintable(key.error().message));
    QVERIFY(!report::generateKey(m_dir.filePath(QStringLiteral("key.pem")))); // never overwritten
    m_fingerprint = key->fingerprint;
    QVERIFY(m_fingerprint.startsWith(QStringLiteral("SHA256:")));
    m_signed = m_dir.filePath(QStringLiteral("signed.zip"));
    auto b = report::exportBundle(**file, m_signed, { key->privatePath, false });
    QVERIFY2(b, b ? "" : qPrintable(b.error().message));
    QVERIFY(b->signedBundle);
    QCOMPARE(b->fingerprint, m_fingerprint);
    // The export is in the audit trail of the case.
    auto entries = casefile::AuditLog::entries((*file)->db());
    QVERIFY(entries);
    QCOMPARE(entries->last().action, QStringLiteral("case.export"));
    auto v = report::verifyBundle(m_signed);
    QVERIFY(v);
    m_time = qint64(v->manifest.value(QStringLiteral("created_utc")).toDouble()) / 1000;
}

void TestCaseBundle::unsignedBundleVerifies()
{
    auto v = report::verifyBundle(m_unsigned);
    QVERIFY(v);
    QVERIFY2(v->ok(),
             v->ok() ? "" : qPrintable(v->problems.first().file + QStringLiteral(": ") + v->problems.first().message));
    QVERIFY(!v->signedBundle);
    const QList<Entry> entries = readAll(m_unsigned);
    QStringList names;
    for (const Entry &e : entries)
        names << e.name;
    QVERIFY(names.contains(QStringLiteral("manifest.json")));
    QVERIFY(names.contains(QStringLiteral("report/report.pdf")));
    QVERIFY(!names.contains(QStringLiteral("manifest.sig")));
    auto file = CaseFile::open(m_case, kWho, casefile::OpenMode::ReadOnly);
    QVERIFY(file);
    auto sources = casefile::SourceStore::list((*file)->db());
    QVERIFY(sources);
    QCOMPARE(v->manifest.value(QStringLiteral("sources")).toArray().size(), sources->size());
    QCOMPARE(v->filesChecked, qint64(sources->size() + 2)); // the originals, the case, the report
}

void TestCaseBundle::signedBundleVerifiesAndNamesTheSigner()
{
    auto v = report::verifyBundle(m_signed);
    QVERIFY(v);
    QVERIFY(v->ok());
    QVERIFY(v->signedBundle);
    QVERIFY(v->signatureValid);
    QCOMPARE(v->fingerprint, m_fingerprint);
}

void TestCaseBundle::openRestoresTheSameCase()
{
    const QString to = m_dir.filePath(QStringLiteral("opened"));
    auto opened = report::openBundle(m_unsigned, to);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    QVERIFY(QFile::exists(opened->reportPath));
    auto original = CaseFile::open(m_case, kWho, casefile::OpenMode::ReadOnly);
    auto restored = CaseFile::open(opened->casePath, kWho, casefile::OpenMode::ReadOnly);
    QVERIFY(original && restored);
    auto n1 = casefile::QueryRecordStore::count((*original)->db());
    auto n2 = casefile::QueryRecordStore::count((*restored)->db());
    QVERIFY(n1 && n2);
    QCOMPARE(*n2, *n1);
    auto s1 = casefile::SourceStore::list((*original)->db());
    auto s2 = casefile::SourceStore::list((*restored)->db());
    QVERIFY(s1 && s2);
    QCOMPARE(s2->size(), s1->size());
    for (int i = 0; i < s1->size(); ++i)
        QCOMPARE(s2->at(i).sha256, s1->at(i).sha256);
    QCOMPARE(opened->evidence.size(), s1->size());
    auto report = (*restored)->verify();
    QVERIFY(report && report->ok());
    // Nothing is overwritten: a second open into the same folder is refused.
    QVERIFY(!report::openBundle(m_unsigned, to));
}

void TestCaseBundle::changedByteInAnyFileIsNamed()
{
    const QList<Entry> entries = readAll(m_signed);
    QVERIFY(entries.size() >= 6);
    for (int i = 0; i < entries.size(); ++i) {
        QList<Entry> changed = entries;
        QByteArray &bytes = changed[i].bytes;
        QVERIFY(!bytes.isEmpty());
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
        const QString path = m_dir.filePath(QStringLiteral("changed-%1.zip").arg(i));
        writeAll(path, changed, m_time);
        auto v = report::verifyBundle(path);
        QVERIFY(v);
        QVERIFY2(!v->ok(), qPrintable(entries[i].name));
        // The changed file is named (a changed manifest fails through the signature or the
        // hashes it lists, and names the signature or the files).
        if (entries[i].name != QLatin1String("manifest.json"))
            QVERIFY2(problemFiles(*v).contains(entries[i].name),
                     qPrintable(entries[i].name + QStringLiteral(": ") + problemFiles(*v).join(QStringLiteral(", "))));
    }
}

void TestCaseBundle::removedOrAddedFileIsNamed()
{
    const QList<Entry> entries = readAll(m_signed);
    for (int i = 0; i < entries.size(); ++i) {
        QList<Entry> fewer = entries;
        fewer.removeAt(i);
        const QString path = m_dir.filePath(QStringLiteral("removed-%1.zip").arg(i));
        writeAll(path, fewer, m_time);
        auto v = report::verifyBundle(path);
        QVERIFY(v);
        QVERIFY2(!v->ok(), qPrintable(entries[i].name));
        QVERIFY2(problemFiles(*v).contains(entries[i].name) || entries[i].name == QLatin1String("manifest.json"),
                 qPrintable(entries[i].name + QStringLiteral(": ") + problemFiles(*v).join(QStringLiteral(", "))));
    }
    QList<Entry> more = entries;
    more.append({ QStringLiteral("evidence/extra.txt"), QByteArrayLiteral("planted") });
    const QString path = m_dir.filePath(QStringLiteral("added.zip"));
    writeAll(path, more, m_time);
    auto v = report::verifyBundle(path);
    QVERIFY(v);
    QVERIFY(!v->ok());
    QVERIFY(problemFiles(*v).contains(QStringLiteral("evidence/extra.txt")));
}

void TestCaseBundle::replacedSignatureFails()
{
    QList<Entry> entries = readAll(m_signed);
    auto other = report::generateKey(m_dir.filePath(QStringLiteral("other.pem")));
    QVERIFY(other);
    QFile key(other->privatePath);
    QVERIFY(key.open(QIODevice::ReadOnly));
    const QByteArray otherKey = key.readAll();
    QByteArray manifest;
    for (const Entry &e : entries)
        if (e.name == QLatin1String("manifest.json"))
            manifest = e.bytes;
    // Another key's signature under the original signer's key: invalid.
    auto forged = report::signMessage(otherKey, manifest);
    QVERIFY(forged);
    QList<Entry> a = entries;
    for (Entry &e : a)
        if (e.name == QLatin1String("manifest.sig"))
            e.bytes = forged->signature.toBase64() + '\n';
    writeAll(m_dir.filePath(QStringLiteral("forged.zip")), a, m_time);
    auto v = report::verifyBundle(m_dir.filePath(QStringLiteral("forged.zip")));
    QVERIFY(v);
    QVERIFY(!v->ok());
    QVERIFY(!v->signatureValid);
    QVERIFY(problemFiles(*v).contains(QStringLiteral("manifest.sig")));
    // Signature and key both replaced: valid, but by another signer, which verify names.
    QList<Entry> b = entries;
    for (Entry &e : b) {
        if (e.name == QLatin1String("manifest.sig"))
            e.bytes = forged->signature.toBase64() + '\n';
        if (e.name == QLatin1String("signer.pub"))
            e.bytes = forged->publicPem;
    }
    writeAll(m_dir.filePath(QStringLiteral("resigned.zip")), b, m_time);
    auto w = report::verifyBundle(m_dir.filePath(QStringLiteral("resigned.zip")));
    QVERIFY(w);
    QVERIFY(w->signatureValid);
    QCOMPARE(w->fingerprint, other->fingerprint);
    QVERIFY(w->fingerprint != m_fingerprint);
    // The signature removed (key left): fails, named.
    QList<Entry> c = entries;
    c.erase(std::remove_if(c.begin(), c.end(), [](const Entry &e) { return e.name == QLatin1String("manifest.sig"); }),
            c.end());
    writeAll(m_dir.filePath(QStringLiteral("nosig.zip")), c, m_time);
    auto x = report::verifyBundle(m_dir.filePath(QStringLiteral("nosig.zip")));
    QVERIFY(x);
    QVERIFY(!x->ok());
}

void TestCaseBundle::truncatedAuditChainFails()
{
    // A snapshot whose newest audit entry was cut off, with the manifest's hashes fixed up to
    // match (unsigned): the chain's head and length no longer match the manifest's.
    QList<Entry> entries = readAll(m_unsigned);
    QString caseName;
    for (const Entry &e : entries)
        if (e.name.startsWith(QLatin1String("case/")))
            caseName = e.name;
    QVERIFY(!caseName.isEmpty());
    const QString snap = m_dir.filePath(QStringLiteral("cut.lineage"));
    for (const Entry &e : entries)
        if (e.name == caseName) {
            QFile f(snap);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(e.bytes);
        }
    {
        auto db = casefile::Database::open(snap, SQLITE_OPEN_READWRITE);
        QVERIFY(db);
        auto count = casefile::AuditLog::count(*db);
        QVERIFY(count);
        // The audit table refuses deletes by trigger; a tamperer drops the trigger first.
        auto names = casefile::Statement::prepare(
            *db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'");
        QVERIFY(names);
        QStringList triggers;
        while (*names->step())
            triggers << names->text(0);
        names->reset();
        for (const QString &t : triggers)
            QVERIFY(db->exec(QStringLiteral("DROP TRIGGER \"%1\"").arg(t).toUtf8().constData()));
        QVERIFY(db->exec(QStringLiteral("DELETE FROM audit_log WHERE seq = %1").arg(*count).toUtf8().constData()));
    }
    QFile f(snap);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray cut = f.readAll();
    for (Entry &e : entries)
        if (e.name == caseName)
            e.bytes = cut;
    for (Entry &e : entries)
        if (e.name == QLatin1String("manifest.json")) {
            QJsonObject m = QJsonDocument::fromJson(e.bytes).object();
            QJsonArray files = m.value(QStringLiteral("files")).toArray();
            for (qsizetype i = 0; i < files.size(); ++i) {
                QJsonObject o = files[i].toObject();
                if (o.value(QStringLiteral("path")).toString() == caseName) {
                    o.insert(QStringLiteral("sha256"),
                             QString::fromLatin1(QCryptographicHash::hash(cut, QCryptographicHash::Sha256).toHex()));
                    o.insert(QStringLiteral("size"), cut.size());
                    files[i] = o;
                }
            }
            m.insert(QStringLiteral("files"), files);
            e.bytes = QJsonDocument(m).toJson();
        }
    const QString path = m_dir.filePath(QStringLiteral("cut.zip"));
    writeAll(path, entries, m_time);
    auto v = report::verifyBundle(path);
    QVERIFY(v);
    QVERIFY(!v->ok());
    QVERIFY(problemFiles(*v).contains(caseName));
    bool chain = false;
    for (const auto &p : v->problems)
        if (p.message.contains(QStringLiteral("audit chain has")))
            chain = true;
    QVERIFY2(chain, "the shortened chain is named against the manifest");
}

void TestCaseBundle::flippedBytesAnywhereFail()
{
    QFile f(m_signed);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray original = f.readAll();
    f.close();
    // Bytes spread over the whole archive, the headers and the central directory included.
    QList<qsizetype> positions;
    for (qsizetype p = 0; p < original.size(); p += qMax<qsizetype>(1, original.size() / 300))
        positions << p;
    for (qsizetype p = qMax<qsizetype>(0, original.size() - 200); p < original.size(); ++p)
        positions << p; // the end of central directory and the last entries
    int missed = 0;
    QStringList missedAt;
    const QString path = m_dir.filePath(QStringLiteral("flipped.zip"));
    for (qsizetype p : positions) {
        QByteArray bytes = original;
        bytes[p] = char(bytes[p] ^ 0x20);
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
        out.close();
        auto v = report::verifyBundle(path);
        if (v && v->ok()) {
            ++missed;
            missedAt << QString::number(p);
        }
    }
    QVERIFY2(missed == 0,
             qPrintable(QStringLiteral("%1 of %2 flipped bytes went unnoticed, at %3")
                            .arg(missed)
                            .arg(positions.size())
                            .arg(missedAt.mid(0, 20).join(QStringLiteral(", ")))));
}

void TestCaseBundle::exportWhileTheCaseIsOpenElsewhere()
{
    // The workbench's connection holds the case open (WAL) and has written since; the export's
    // snapshot still verifies and holds the committed state.
    auto workbench = CaseFile::open(m_case, kWho);
    QVERIFY(workbench);
    auto info = (*workbench)->info();
    QVERIFY(info);
    casefile::CaseInfo changed = *info;
    changed.title = QStringLiteral("Renamed while open");
    QVERIFY((*workbench)->updateInfo(changed));
    auto exporter = CaseFile::open(m_case, kWho);
    QVERIFY(exporter);
    const QString path = m_dir.filePath(QStringLiteral("while-open.zip"));
    auto bundle = report::exportBundle(**exporter, path, { {}, false });
    QVERIFY2(bundle, bundle ? "" : qPrintable(bundle.error().message));
    auto v = report::verifyBundle(path);
    QVERIFY(v);
    QVERIFY(v->ok());
    QCOMPARE(v->manifest.value(QStringLiteral("case")).toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Renamed while open"));
}

QTEST_MAIN(TestCaseBundle)
#include "tst_case_bundle.moc"
