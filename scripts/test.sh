#!/usr/bin/env bash
# `npm test`: installs what the tests need (npm packages; the engine, code-server and Chromium on
# first use), builds, and runs the three tiers. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
exec node scripts/test.mjs "$@"
