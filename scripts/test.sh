#!/usr/bin/env bash
# `npm test`: installs what the tests need (npm packages; Debian packages, the engine, code-server
# and Chromium on first use), builds, and runs the three tiers. Exits non-zero on any failure.
# Everything, npm ci included, is done by scripts/test.mjs, which overlaps the slow set-up steps
# with the tests that do not need them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node scripts/test.mjs "$@"
