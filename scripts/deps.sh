#!/bin/sh
# deps.sh [run|test|bench] - install the Debian packages that step needs, as root.
# Quiet and quick when everything is there already; CI runs it on a fresh machine.
set -eu
what=${1:-run}

pkgs="build-essential pkg-config libmicrohttpd-dev libjson-c-dev libsqlite3-dev libpq-dev
      libsodium-dev libcurl4-openssl-dev libqrencode-dev tzdata"
case $what in
test) pkgs="$pkgs libcriterion-dev postgresql clang-format chromium python3-aiosmtpd" ;;
bench) pkgs="$pkgs wrk sqlite3" ;;
esac

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ "$what" = test ] && ! command -v node >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: these Debian packages are missing; install them as root:$missing" >&2
    exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting is the point
apt-get install -y -qq --no-install-recommends $missing >/dev/null
