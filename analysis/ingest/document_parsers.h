// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "ingest/records.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace lineage::ingest {

class FormatRegistry;

// The document formats:
// - "pdf" through Poppler: page text, word boxes in page points (a box that covers a run of
//   Chinese, Japanese or Korean text is split into one box per character with
//   charBoundingBox), metadata (title, author, creation and modification dates). A page
//   whose text may be missing gets a warning diagnostic naming it: Poppler reported a
//   missing CMap, language pack or font while reading it (standard CID fonts such as
//   STSong-Light need Debian's poppler-data), or it shows something but yields no text (a
//   scan, a font without a Unicode map). An encrypted or damaged PDF is refused with a
//   message naming the file. The whole PDF is
//   held in memory while it is read (Poppler needs random access): memory is bounded by
//   the file's size.
// - "text-document": UTF-8 plain text, pages split on form feeds (one page without any),
//   read as it streams (a page past 4 MiB of text continues on the next; see PageWriter).
// - "html-document": the text of an HTML page through libxml2's HTML parser (html_text.h),
//   <title> as title, streamed into pages like a text document; nesting is capped.
// A UTF-8 byte-order mark is dropped; invalid UTF-8 becomes U+FFFD with one warning.
// The document's type comes from the import options; parties and effective date are
// left for the analyst (DocumentStore::updateFields).
void registerDocumentParsers(FormatRegistry &registry);

QStringList documentFormats();

// Reads one PDF held in memory: the document's metadata and its pages. For tests and
// previews; the "pdf" parser uses the same code. Errors name `fileName`.
struct PdfContent
{
    DocumentInfo info;
    QList<Page> pages;
    QList<Diagnostic> warnings; // pages whose text may be missing, as the "pdf" parser reports them
};
[[nodiscard]] Result<PdfContent> readPdf(const QByteArray &bytes, const QString &fileName);

} // namespace lineage::ingest
