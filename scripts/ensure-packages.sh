#!/usr/bin/env bash
# Every Debian package the test tiers need, installed in ONE apt-get update + install (as root):
# the engine and its registries, the remote-engine and recovery tests' tools, the browser and what
# code-server's offline build needs. `npm test` runs it in the background while it builds and runs
# the unit tier, so that on a fresh machine the installs cost one package-list update and overlap
# with other work. The per-part scripts (ensure-engine.sh, ensure-test-tools.sh,
# ensure-code-server.sh) still check their own lists, which are then already installed.
#
# Usage: ensure-packages.sh [engine] [vscode]   (default: both)
# Without root it only says what is missing (exit 3); the tests that need it then say so too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/apt.sh
source "$here/lib/apt.sh"

parts=("$@")
((${#parts[@]})) || parts=(engine vscode)
wanted=()
for part in "${parts[@]}"; do
  case "$part" in
    engine) # shellcheck disable=SC2207
      wanted+=($(engine_debs_if_missing) "${ENGINE_DEBS[@]}" "${TEST_TOOL_DEBS[@]}") ;;
    vscode) # the VS Code tier uses the engine too
      # shellcheck disable=SC2207
      wanted+=($(engine_debs_if_missing) "${ENGINE_DEBS[@]}" "${BROWSER_DEBS[@]}" "${CODE_SERVER_BUILD_DEBS[@]}") ;;
    *) echo "ensure-packages.sh: unknown part '$part' (engine | vscode)" >&2; exit 2 ;;
  esac
done
started=$SECONDS
ensure_debs "${wanted[@]}"
echo "layerwise: Debian packages ready ($((SECONDS - started)) s)" >&2
