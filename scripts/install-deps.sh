#!/usr/bin/env bash
# Installs the Debian packages Lookout needs, only those that are missing, and says which.
# Usage: scripts/install-deps.sh [--fuzz | --bench]
#   --bench also installs the peers the screening benchmark compares against (bench/peers/),
#           and gpsdecode for the AIS decoding benchmark (gpsd-clients on Debian 12; later
#           releases moved it to gpsd-tools).
set -euo pipefail

pkgs=(build-essential cmake pkg-config libicu-dev libxml2-dev libsqlite3-dev libjansson-dev
      libcmocka-dev libmicrohttpd-dev sqlite3 unicode-data)
if [ "${1:-}" = "--fuzz" ]; then
  pkgs+=(clang libclang-rt-dev)
fi
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(postgresql postgresql-contrib libpq-dev python3-psycopg2 python3-thefuzz
         python3-levenshtein python3-jellyfish wrk hyperfine)
  if apt-cache show gpsd-tools 2>/dev/null | grep -q '^Version: 3\.2[0-4]'; then
    pkgs+=(gpsd-clients)   # gpsd 3.22-3.24: gpsdecode ships in gpsd-clients
  else
    pkgs+=(gpsd-tools)
  fi
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: not root and no sudo; please install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
