#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates encrypted.pdf (committed, so that tests do not need qpdf): an empty PDF
# protected with the user password "secret" (AES-256).
set -eu
cd "$(dirname "$0")"
qpdf --empty --encrypt secret owner-secret 256 -- encrypted.pdf
