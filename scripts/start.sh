#!/usr/bin/env bash
# `npm start`: runs the product. Builds the extension, makes sure a Docker engine answers (starting a
# private one where allowed), sets up VS Code in the browser (code-server), installs the extension
# into it from a freshly packaged .vsix, opens a sample workspace, and serves it on
# http://127.0.0.1:${PORT:-8080}/ in the foreground (Ctrl-C stops it).
#
# Env: PORT (default 8080)
#      LAYERWISE_WORKSPACE  a folder to open instead of the sample workspace (your own project, say)
#      LAYERWISE_STATE      where the VS Code user data, extensions and sample copy live
#                           (default: .layerwise/start in this checkout; it is git-ignored)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "layerwise: $*" >&2; }

port="${PORT:-8080}"
state="${LAYERWISE_STATE:-$root/.layerwise/start}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"

# Fail before doing a minute of work if the port is taken.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  log "port $port on 127.0.0.1 is already in use; choose another: PORT=8081 npm start"
  exit 2
fi

# 1. Dependencies (from the lockfile, exactly) and the build.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
log "building the extension"
node scripts/build.mjs >&2

# 2. An engine. Without one the product still runs; its views say why they are empty and offer Retry.
if engine_env="$(bash scripts/ensure-engine.sh)"; then
  eval "$engine_env"
else
  log "no Docker engine is reachable (see above); starting anyway: the Layerwise views will say what is missing"
fi

# 3. VS Code in the browser, and the extension installed into it from a .vsix (as a user would).
code_server="$(bash scripts/ensure-code-server.sh)"
export XDG_CONFIG_HOME="$state/config" XDG_DATA_HOME="$state/data" # keep code-server out of ~/.config
vsix="$state/layerwise.vsix"
log "packaging the extension ($vsix)"
# Runtime dependencies are bundled into dist/ by esbuild, hence --no-dependencies.
# --no-rewrite-relative-links: the README's pictures are in the .vsix (media/), so relative links work as they are.
npx --no-install vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out "$vsix" >&2
log "installing it into code-server"
node "$code_server/out/node/entry.js" --user-data-dir "$state/user-data" --extensions-dir "$state/extensions" \
  --install-extension "$vsix" --force >&2

# Quiet defaults for a first run (no welcome page over the sample, no prompts); yours once written.
if [[ ! -f "$state/user-data/User/settings.json" ]]; then
  mkdir -p "$state/user-data/User"
  cp "$root/scripts/vscode/user-settings.json" "$state/user-data/User/settings.json"
fi

# 4. The workspace: the user's folder, or a copy of the sample (kept, so edits survive restarts).
workspace="${LAYERWISE_WORKSPACE:-$state/workspace}"
if [[ -z "${LAYERWISE_WORKSPACE:-}" && ! -d "$workspace" ]]; then
  cp -R "$root/samples/workspace" "$workspace"
fi

cat <<EOF

  Layerwise is running in VS Code in the browser. Open:

      http://127.0.0.1:$port/

  (workspace: $workspace; Ctrl-C stops it)

EOF
# exec: code-server is this process now, in the foreground, so Ctrl-C stops it.
exec node "$code_server/out/node/entry.js" \
  --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-workspace-trust --disable-update-check --disable-getting-started-override \
  --config "$state/config.yaml" --user-data-dir "$state/user-data" --extensions-dir "$state/extensions" \
  "$workspace"
