// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/bundle_signing.h"

#include <QCryptographicHash>
#include <QFile>

#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace lineage::report {

namespace {

struct KeyDeleter
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct BioDeleter
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct MdDeleter
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
struct CtxDeleter
{
    void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Bio = std::unique_ptr<BIO, BioDeleter>;

QString sslError()
{
    char buf[256] = { 0 };
    const unsigned long e = ERR_get_error();
    if (!e)
        return {};
    ERR_error_string_n(e, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(n));
}

Result<Key> readPublic(const QByteArray &pem)
{
    Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    Key key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("The public key is not an Ed25519 key in PEM form."),
                         sslError());
    return key;
}

Result<QByteArray> publicPemOf(EVP_PKEY *key)
{
    Bio out(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PUBKEY(out.get(), key))
        return makeError(ErrorCode::Internal, QStringLiteral("The public key could not be written."), sslError());
    return bioBytes(out.get());
}

} // namespace

Result<QString> publicKeyFingerprint(const QByteArray &publicPem)
{
    auto key = readPublic(publicPem);
    if (!key)
        return key.error();
    unsigned char raw[32];
    size_t len = sizeof raw;
    if (!EVP_PKEY_get_raw_public_key(key->get(), raw, &len))
        return makeError(ErrorCode::Internal, QStringLiteral("The public key could not be read."), sslError());
    return QStringLiteral("SHA256:")
        + QString::fromLatin1(QCryptographicHash::hash(QByteArray(reinterpret_cast<const char *>(raw), int(len)),
                                                       QCryptographicHash::Sha256)
                                  .toHex());
}

Result<KeyFiles> generateKey(const QString &privatePath)
{
    const QString publicPath = privatePath + QStringLiteral(".pub");
    if (QFile::exists(privatePath) || QFile::exists(publicPath))
        return makeError(ErrorCode::Io,
                         QStringLiteral("%1 or its .pub exists already; keys are never overwritten.").arg(privatePath));
    std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &raw) <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("An Ed25519 key could not be made."), sslError());
    Key key(raw);
    Bio priv(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return makeError(ErrorCode::Internal, QStringLiteral("The private key could not be written."), sslError());
    auto pub = publicPemOf(key.get());
    if (!pub)
        return pub.error();
    QFile privFile(privatePath);
    if (!privFile.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be written.").arg(privatePath),
                         privFile.errorString());
    privFile.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    privFile.write(bioBytes(priv.get()));
    privFile.close();
    QFile pubFile(publicPath);
    if (!pubFile.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(ErrorCode::Io, QStringLiteral("%1 could not be written.").arg(publicPath),
                         pubFile.errorString());
    pubFile.write(*pub);
    pubFile.close();
    auto fingerprint = publicKeyFingerprint(*pub);
    if (!fingerprint)
        return fingerprint.error();
    return KeyFiles { privatePath, publicPath, *fingerprint };
}

Result<Signature> signMessage(const QByteArray &privatePem, const QByteArray &message)
{
    Bio bio(BIO_new_mem_buf(privatePem.constData(), int(privatePem.size())));
    Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("The signing key is not an unencrypted Ed25519 private key in PEM form "
                                        "(lineage-cli keygen makes one)."),
                         sslError());
    std::unique_ptr<EVP_MD_CTX, MdDeleter> md(EVP_MD_CTX_new());
    size_t len = 64;
    QByteArray sig(64, Qt::Uninitialized);
    if (!md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key.get()) <= 0
        || EVP_DigestSign(md.get(), reinterpret_cast<unsigned char *>(sig.data()), &len,
                          reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()))
            <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("The manifest could not be signed."), sslError());
    sig.resize(qsizetype(len));
    auto pub = publicPemOf(key.get());
    if (!pub)
        return pub.error();
    return Signature { sig, *pub };
}

Result<bool> verifySignature(const QByteArray &publicPem, const QByteArray &message, const QByteArray &signature)
{
    auto key = readPublic(publicPem);
    if (!key)
        return key.error();
    std::unique_ptr<EVP_MD_CTX, MdDeleter> md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key->get()) <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("The signature could not be checked."), sslError());
    const int rc = EVP_DigestVerify(
        md.get(), reinterpret_cast<const unsigned char *>(signature.constData()), size_t(signature.size()),
        reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
    ERR_clear_error();
    return rc == 1;
}

} // namespace lineage::report
