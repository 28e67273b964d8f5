#!/usr/bin/env bash
# Installs the Debian packages Lookout needs, only those that are missing, and says which.
# Usage: scripts/install-deps.sh [--fuzz | --bench]
#   Without an option it also runs `npm ci` in tests/e2e (the browser test's playwright-core)
#   when its node_modules is missing.
#   --bench also installs the peers the screening benchmark compares against (bench/peers/),
#           gpsdecode for the AIS decoding benchmark (gpsd-clients on Debian 12; later
#           releases moved it to gpsd-tools), and the packaged prose that bench_scan builds
#           its news-like corpus from (fortunes in English, German, Russian, Spanish and
#           Chinese; the Debian FAQ in Korean and French; LibreOffice's Arabic and Korean
#           message catalogues; see docs/BENCHMARKS.md, Scanning).
set -euo pipefail

pkgs=(build-essential cmake pkg-config libicu-dev libxml2-dev libsqlite3-dev libjansson-dev
      libcmocka-dev libmicrohttpd-dev sqlite3 unicode-data libcurl4-openssl-dev chromium)
# node and npm for the browser test (tests/e2e): Debian's, unless the machine has its own.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
if [ "${1:-}" = "--fuzz" ]; then
  pkgs+=(clang libclang-rt-dev)
fi
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(postgresql postgresql-contrib libpq-dev python3-psycopg2 python3-thefuzz
         python3-levenshtein python3-jellyfish wrk hyperfine curl)
  # Prose for bench_scan's news corpus (read from the installed files at bench time).
  pkgs+=(fortunes fortunes-min fortunes-de fortunes-ru fortunes-es fortunes-zh
         debian-faq-ko debian-faq-fr libreoffice-l10n-ar libreoffice-l10n-ko)
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
e2e_modules() {
  local e2e
  e2e="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
  if [ -z "${1:-}" ] && [ ! -d "$e2e/node_modules/playwright-core" ]; then
    echo "install-deps: npm ci in tests/e2e" >&2
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  e2e_modules "${1:-}"
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
e2e_modules "${1:-}"
