#!/usr/bin/env bash
# Makes sure a Docker engine answers, seeds the local base image `busybox:local`, and starts local
# registries on loopback (127.0.0.1:5000 open, 127.0.0.1:5001 with a login) for push/pull tests.
#
# - An engine that already answers (DOCKER_HOST, or the default socket) is used as it is.
# - Otherwise, as root, Debian's engine is installed if needed and a dockerd is started in the
#   background (it outlives this script, so later runs are instant).
# - Without root and without an engine it exits 3 and says what is missing.
# Prints nothing on stdout but `export` lines, so callers may `eval "$(scripts/ensure-engine.sh)"`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The daemons started here (dockerd, the registries) outlive this run and serve every checkout on
# the machine, so their state lives outside any one clone: removing a clone must not pull the
# registries' storage or login file out from under them.
state="${LAYERWISE_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/layerwise}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
# shellcheck source=lib/apt.sh
source "$here/lib/apt.sh"
log() { echo "layerwise engine: $*" >&2; }

engine_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_docker_cli() {
  command -v docker >/dev/null 2>&1 || ensure_debs docker.io:/usr/sbin/dockerd
}

start_private_dockerd() {
  if [[ $(id -u) -ne 0 ]]; then
    log "no Docker engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}, and starting one needs root."
    log "start your engine (e.g. 'sudo systemctl start docker'), or set DOCKER_HOST, then run this again."
    exit 3
  fi
  # shellcheck disable=SC2046
  ensure_debs $(engine_debs_if_missing)
  log "starting dockerd (log: $state/dockerd.log)"
  # setsid: the daemon must outlive this script and the test run's process group.
  local dockerd
  dockerd="$(command -v dockerd || echo /usr/sbin/dockerd)"
  setsid "$dockerd" >"$state/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 150); do
    engine_answers && return 0
    sleep 0.2
  done
  log "dockerd did not answer within 30 s; its log ends with:"
  tail -20 "$state/dockerd.log" >&2
  exit 1
}

seed_busybox_image() {
  docker image inspect busybox:local >/dev/null 2>&1 && return 0
  ensure_debs "${ENGINE_DEBS[@]}"
  local root
  root="$(mktemp -d)"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $("$root/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  # No --change: an image with no config at all, so tests see what the engine itself adds (PATH).
  tar -C "$root" -c . | docker import - busybox:local >/dev/null
  rm -rf "$root"
  log "seeded busybox:local"
}

registry_answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/v2/" -w '%{http_code}' | grep -qE '^(200|401)$'; }

start_registry() { # port, with-auth(0|1)
  local port="$1" auth="$2" dir="$state/registry-$1"
  registry_answers "$port" && return 0
  if [[ $(id -u) -ne 0 ]] && ! command -v docker-registry >/dev/null; then
    log "no registry on 127.0.0.1:$port and docker-registry is not installed (needs root); push/pull tests will fail"
    return 0
  fi
  ensure_debs "${ENGINE_DEBS[@]}"
  mkdir -p "$dir/data"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$port}"
    if [[ "$auth" == 1 ]]; then
      htpasswd -Bbn layerwise layerwise-secret > "$dir/htpasswd"
      echo "auth: {htpasswd: {realm: layerwise-test, path: $dir/htpasswd}}"
    fi
  } > "$dir/config.yml"
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do
    registry_answers "$port" && { log "registry on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  log "registry on 127.0.0.1:$port did not start; see $dir/registry.log"
  exit 1
}

ensure_docker_cli
engine_answers || start_private_dockerd
seed_busybox_image
start_registry 5000 0
start_registry 5001 1
echo "export LAYERWISE_REGISTRY=127.0.0.1:5000"
echo "export LAYERWISE_AUTH_REGISTRY=127.0.0.1:5001 LAYERWISE_AUTH_REGISTRY_USER=layerwise LAYERWISE_AUTH_REGISTRY_PASSWORD=layerwise-secret"
