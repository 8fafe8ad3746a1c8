#!/usr/bin/env bash
# Tools the engine- and VS Code-tier tests use beyond the engine itself: sshd for the remote-engine
# tests (an engine reached over ssh), the ssh agent and keys, openssl for TLS certificates, `ip`
# for private engines' bridges, runuser. Installs what is missing (as root); otherwise says what to
# install. The list is TEST_TOOL_DEBS in lib/apt.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/apt.sh
source "$here/lib/apt.sh"
ensure_debs "${TEST_TOOL_DEBS[@]}"
