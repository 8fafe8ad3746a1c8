#!/usr/bin/env bash
# Tools the engine- and VS Code-tier tests use beyond the engine itself: sshd for the remote-engine
# tests (an engine reached over ssh), the ssh agent and keys, openssl for TLS certificates, `ip`
# for private engines' bridges. Installs what is missing (as root); otherwise says what to install.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/apt.sh
source "$here/lib/apt.sh"
ensure_debs openssh-server:/usr/sbin/sshd openssh-client:/usr/bin/ssh-agent openssl:/usr/bin/openssl iproute2:/usr/sbin/ip
