// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace lineage::report {

// An investigator's Ed25519 key pair (OpenSSL 3), as PEM files: the private key
// (PKCS#8, unencrypted, written readable by its owner only) and the public key.
struct KeyFiles
{
    QString privatePath;
    QString publicPath;
    QString fingerprint;
};

// "SHA256:" and the hex SHA-256 of the raw 32-byte public key: how verify names a signer.
[[nodiscard]] Result<QString> publicKeyFingerprint(const QByteArray &publicPem);

// Makes a new key pair at `privatePath` and `privatePath + ".pub"`; refuses to overwrite.
[[nodiscard]] Result<KeyFiles> generateKey(const QString &privatePath);

// The Ed25519 signature of `message` with the private key in `privatePem`, and the matching
// public key as PEM.
struct Signature
{
    QByteArray signature; // 64 bytes
    QByteArray publicPem;
};
[[nodiscard]] Result<Signature> signMessage(const QByteArray &privatePem, const QByteArray &message);

// True when `signature` is a valid Ed25519 signature of `message` by `publicPem`.
[[nodiscard]] Result<bool> verifySignature(const QByteArray &publicPem, const QByteArray &message,
                                           const QByteArray &signature);

} // namespace lineage::report
