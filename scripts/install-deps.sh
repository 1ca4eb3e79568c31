#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Lineage needs to build, run and test, skipping the
# ones already present. Uses sudo when not run as root.
set -eu

PACKAGES="
cmake ninja-build g++ pkg-config ccache
qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
libqcustomplot-dev libqcustomplot2.1-qt6
libpoppler-qt6-dev poppler-data
libicu-dev libsqlite3-dev sqlite3 libsimdjson-dev libzstd-dev zstd zlib1g-dev libssl-dev libarchive-dev libxml2-dev
fonts-wqy-microhei fonts-dejavu-core
xvfb xauth x11-apps imagemagick poppler-utils
python3 python3-sklearn python3-numpy python3-scipy
"
if [ -n "${LINEAGE_EXTRA_PACKAGES:-}" ]; then
    PACKAGES="$PACKAGES $LINEAGE_EXTRA_PACKAGES"
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
