// SPDX-License-Identifier: GPL-3.0-or-later
#include "ingest/document_pages.h"

#include "ingest/parser.h"

#include <utility>

namespace lineage::ingest {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlong forms, no surrogates,
// nothing past U+10FFFF); 0 when invalid, -1 when `n` bytes end inside a valid beginning.
int sequenceLength(const unsigned char *p, qsizetype n)
{
    const unsigned char c = p[0];
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (int k = 1; k < len; ++k) {
        if (k >= n)
            return -1;
        const unsigned char b = p[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

} // namespace

void Utf8Repair::append(QByteArrayView block, bool last, QByteArray &out)
{
    if (m_carry.isEmpty()) {
        repair(block, m_offset, last, out);
    } else {
        // A sequence cut at the end of the previous block: read it again with this block.
        const QByteArray joined = std::exchange(m_carry, QByteArray()) + block.toByteArray();
        repair(joined, m_offset - (joined.size() - block.size()), last, out);
    }
    m_offset += block.size();
}

void Utf8Repair::repair(QByteArrayView bytes, qint64 offset, bool last, QByteArray &out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    // Fast path: a block that is valid as a whole (bar a cut sequence at its end).
    qsizetype tail = 0;
    while (tail < std::min<qsizetype>(n, 3) && (p[n - 1 - tail] & 0xC0) == 0x80)
        ++tail;
    if (tail < n && p[n - 1 - tail] >= 0xC0)
        ++tail;
    else
        tail = 0;
    if (tail < n) {
        const QByteArrayView body = bytes.first(n - tail);
        if ((!m_replaceNul || !body.contains('\0')) && parsing::isValidUtf8(body)) {
            out.append(body.data(), body.size());
            if (tail == 0)
                return;
            repairSlowly(bytes.sliced(n - tail), offset + n - tail, last, out); // the last few bytes
            return;
        }
    }
    repairSlowly(bytes, offset, last, out);
}

void Utf8Repair::repairSlowly(QByteArrayView bytes, qint64 offset, bool last, QByteArray &out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype runStart = 0;
    auto flushRun = [&](qsizetype end) {
        if (end > runStart)
            out.append(bytes.data() + runStart, end - runStart);
    };
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80 && (c != 0 || !m_replaceNul)) {
            ++i;
            continue;
        }
        int len = c < 0x80 ? 0 : sequenceLength(p + i, n - i);
        if (len > 0) {
            i += len;
            continue;
        }
        flushRun(i);
        if (len < 0 && !last) {
            m_carry = bytes.sliced(i).toByteArray();
            return;
        }
        if (m_firstInvalid < 0) {
            m_firstInvalid = offset + i;
            m_invalidBytes = bytes.sliced(i, std::min<qsizetype>(n - i, parsing::kRawKeep)).toByteArray();
        }
        out.append(kReplacement, 3);
        ++i;
        runStart = i;
    }
    flushRun(n);
}

Status PageWriter::ensureDocument()
{
    if (m_documentId)
        return {};
    auto id = m_sink.document(m_info);
    if (!id)
        return id.error();
    m_documentId = *id;
    return {};
}

Status PageWriter::deliver(QByteArrayView text)
{
    if (auto s = ensureDocument(); !s)
        return s;
    Page page;
    page.pageNo = ++m_pageNo;
    page.text = QString::fromUtf8(text);
    return m_sink.page(*m_documentId, page);
}

Status PageWriter::cutLongPage()
{
    while (m_text.size() >= kMaxPageBytes) {
        const QByteArrayView window = QByteArrayView(m_text).first(kMaxPageBytes);
        qsizetype cut = window.lastIndexOf('\n');
        if (cut >= 0 && cut >= kMaxPageBytes - 64 * 1024) {
            ++cut;
        } else {
            cut = kMaxPageBytes;
            while (cut > 0 && (static_cast<unsigned char>(m_text[cut]) & 0xC0) == 0x80)
                --cut; // not inside a character
        }
        if (!m_warnedLong) {
            m_warnedLong = true;
            Diagnostic d;
            d.warning = true;
            d.reason
                = QStringLiteral("page %1 is longer than %2 MiB of text; it is stored as several pages, cut at line "
                                 "breaks where possible")
                      .arg(m_pageNo + 1)
                      .arg(kMaxPageBytes / (1024 * 1024));
            if (auto s = m_sink.diagnostic(d); !s)
                return s;
        }
        if (auto s = deliver(QByteArrayView(m_text).first(cut)); !s)
            return s;
        m_text.remove(0, cut);
    }
    return {};
}

Status PageWriter::append(QByteArrayView utf8)
{
    m_text.append(utf8.data(), utf8.size());
    return m_text.size() >= kMaxPageBytes ? cutLongPage() : Status {};
}

Status PageWriter::endPage()
{
    if (auto s = deliver(m_text); !s)
        return s;
    m_text.clear();
    return {};
}

Status PageWriter::finish(bool dropBlankLast)
{
    if (dropBlankLast && m_pageNo > 0 && QByteArrayView(m_text).trimmed().isEmpty())
        return ensureDocument();
    return endPage();
}

} // namespace lineage::ingest
