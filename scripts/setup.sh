#!/usr/bin/env bash
# Installs what Fiado needs to build, test and run on Debian 12, only when missing.
# Debian packages through apt-get (with sudo when not root); npm packages of web/ when
# web/package.json exists. Safe to run again: a second run does nothing.
set -euo pipefail

cd "$(dirname "$0")/.."

packages=(
  # toolchain
  g++ cmake ninja-build make pkg-config git ca-certificates
  # libraries (DESIGN.md §3)
  libcpp-httplib-dev nlohmann-json3-dev libsoci-dev libsqlite3-dev libpq-dev
  libcurl4-openssl-dev libsodium-dev libhpdf-dev libzint-dev libhowardhinnant-date-dev
  libharfbuzz-dev libeigen3-dev libexpected-dev libcli11-dev libspdlog-dev libfmt-dev libxlsxwriter-dev
  libssl-dev zlib1g-dev libboost-dev libofx-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 postgresql postgresql-client
  python3 python3-aiosmtpd openssl curl poppler-utils zbar-tools
  # run time
  tzdata fonts-dejavu-core
  # browser tests of the web UI (playwright-core drives Debian's chromium)
  chromium
)
# Node.js and npm build the web UI. A machine may already have them from another source
# (NodeSource's nodejs bundles npm): only install Debian's when the commands are missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f web/package.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
    echo "setup: installing npm packages of web/"
    (cd web && npm ci --no-audit --no-fund)
  fi
fi
