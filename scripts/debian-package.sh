#!/usr/bin/env bash
# Installs a Debian package a test needs when its command is missing (as root), e.g. bindfs for
# the tests of a USB stick that refuses file modes.
#   usage: scripts/debian-package.sh PACKAGE [COMMAND]      (COMMAND defaults to PACKAGE)
# Exit 0: the command is there; 3: it is missing and cannot be installed here.
set -euo pipefail
PACKAGE="$1"
COMMAND="${2:-$1}"
command -v "$COMMAND" >/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "$COMMAND is not installed and this user cannot install it (apt-get install $PACKAGE)" >&2
    exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q -o DPkg::Lock::Timeout=300 "$PACKAGE" >&2 \
    || { apt-get update -q -o DPkg::Lock::Timeout=300 >&2 && apt-get install -y -q -o DPkg::Lock::Timeout=300 "$PACKAGE" >&2; } \
    || { echo "$PACKAGE could not be installed from the Debian packages" >&2; exit 3; }
command -v "$COMMAND" >/dev/null || { echo "$PACKAGE installed no $COMMAND" >&2; exit 3; }
