#!/usr/bin/env bash
# Makes sure a real VS Code that runs offline (code-server, from the npm registry) and a headless
# browser to drive it (Debian's Chromium) are present, and prints code-server's directory.
#
# code-server's own install scripts download ripgrep and argon2 binaries from GitHub, which cannot
# work offline, so its set-up is done step by step: npm pack; npm install without scripts (the
# package, lib/vscode, lib/vscode/extensions); argon2 built from source; Debian's ripgrep in place of
# the download; the native modules rebuilt with g++; the node_modules.asar link.
#
# The result is cached OUTSIDE the clone, under ${LAYERWISE_CACHE:-~/.cache/layerwise}, so repeated
# runs and later clones on the same machine are instant. It is built in a scratch directory and only
# moved into place, with a stamp, after every step succeeded; a half-done set-up is never used.
#
# stdout: nothing but the final path. Logs go to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/apt.sh
source "$here/lib/apt.sh"
log() { echo "layerwise code-server: $*" >&2; }

version=4.100.3 # the newest code-server that runs on Node.js 20 (VS Code 1.100.3)
cache="${LAYERWISE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/layerwise}"
dest="$cache/code-server-$version"
stamp="$dest/.layerwise-ready"

# The browser is needed by every caller (instant to check). fonts-liberation, only recommended by
# chromium, keeps text in screenshots legible on a minimal system.
ensure_debs "${BROWSER_DEBS[@]}"

if [[ -f "$stamp" ]]; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache"
# Two set-ups at once (npm start and npm test, say) must not build into each other.
exec 9>"$cache/code-server-$version.lock"
flock 9
if [[ -f "$stamp" ]]; then
  echo "$dest"
  exit 0
fi

started=$SECONDS
# ripgrep replaces the binary code-server would download; the rest build the native modules.
ensure_debs "${CODE_SERVER_BUILD_DEBS[@]}"

work="$(mktemp -d "$cache/.code-server-$version.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "fetching code-server@$version from the npm registry"
(cd "$work" && npm pack --silent "code-server@$version" >&2)
tar -xzf "$work/code-server-$version.tgz" -C "$work"
pkg="$work/package"

npm_install() { # dir: dependencies only, no install scripts (code-server's would go online)
  log "installing dependencies in ${1#"$pkg"/}"
  (cd "$1" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
}
npm_install "$pkg"
npm_install "$pkg/lib/vscode"
npm_install "$pkg/lib/vscode/extensions"

# code-server's own password hashing (loaded at start-up even with --auth none); its install
# script would fetch a prebuilt binary from GitHub, so build it from source.
log "building the native module argon2"
(cd "$pkg" && npm_config_build_from_source=true npm rebuild argon2 --loglevel=error >&2)

mkdir -p "$pkg/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$pkg/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

for dir in "$pkg/lib/vscode" "$pkg/lib/vscode/extensions"; do
  log "building native modules in ${dir#"$pkg"/} (a minute or so)"
  (cd "$dir" && npm_config_yes=true npm rebuild --loglevel=error >&2)
done

# npm 11 may or may not run dependency scripts (allowScripts); check what the rebuild produced
# rather than trust its exit code.
missing=()
[[ -f "$pkg/node_modules/argon2/lib/binding/napi-v3/argon2.node" ]] || missing+=(argon2)
for addon in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node \
  native-watchdog/build/Release/watchdog.node kerberos/build/Release/kerberos.node; do
  [[ -f "$pkg/lib/vscode/node_modules/$addon" ]] || missing+=("$addon")
done
if ((${#missing[@]})); then
  log "the native modules were not built: ${missing[*]}"
  log "(they need g++, make, python3 and Debian's libkrb5-dev, libsecret-1-dev, libxkbfile-dev, pkg-config)"
  exit 1
fi

# VS Code looks for some files under node_modules.asar; the plain node_modules holds them all.
ln -s node_modules "$pkg/lib/vscode/node_modules.asar"
# What code-server's postinstall links for its terminal helpers (`code`, `browser`).
ln -sf code-linux.sh "$pkg/lib/vscode/bin/remote-cli/code-server"
ln -sf browser-linux.sh "$pkg/lib/vscode/bin/helpers/browser.sh"

# A smoke test; its own config directory, so nothing is written to the user's ~/.config.
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" node "$pkg/out/node/entry.js" --version >/dev/null

rm -rf "$dest"
mv "$pkg" "$dest"
date -u +%FT%TZ > "$stamp"
log "ready in $((SECONDS - started)) s: $dest"
echo "$dest"
