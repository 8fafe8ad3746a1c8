#!/usr/bin/env bash
# Installs Debian packages that are missing, once; shared by the engine, code-server and browser set-up.
# Usage: ensure_debs pkg... (each pkg is "package" or "package:/path/that/proves/it")
#
# The lists below say which packages each part needs. Each set-up script installs its own list;
# scripts/ensure-packages.sh installs the union in ONE apt-get call, in the background of
# `npm test`, so a fresh machine pays for one package-list update instead of one per script.

# The local registries (and their login), the base image, and the probe of a registry.
ENGINE_DEBS=(curl:/usr/bin/curl busybox-static:/bin/busybox docker-registry:/usr/bin/docker-registry apache2-utils:/usr/bin/htpasswd)
# Tests beyond the engine: sshd/ssh-agent (remote engines over ssh), openssl (TLS), `ip` (private
# engines' bridges), runuser (the permission test).
TEST_TOOL_DEBS=(openssh-server:/usr/sbin/sshd openssh-client:/usr/bin/ssh-agent openssl:/usr/bin/openssl iproute2:/usr/sbin/ip util-linux:/usr/sbin/runuser)
# The headless browser that drives VS Code, and fonts so that screenshots are legible.
BROWSER_DEBS=(chromium:/usr/bin/chromium fonts-liberation:/usr/share/fonts/truetype/liberation)
# Building code-server offline: Debian's ripgrep for its download, a toolchain for its native modules.
CODE_SERVER_BUILD_DEBS=(ripgrep:/usr/bin/rg g++:/usr/bin/g++ make:/usr/bin/make python3:/usr/bin/python3
  pkg-config libkrb5-dev libsecret-1-dev libxkbfile-dev)

# Debian's engine, only where no dockerd is installed at all: a machine with Docker's own
# packages (docker-ce) keeps them (docker.io would conflict with them).
engine_debs_if_missing() {
  command -v dockerd >/dev/null 2>&1 || [[ -x /usr/sbin/dockerd ]] || echo "docker.io:/usr/sbin/dockerd iptables:/usr/sbin/iptables"
}

ensure_debs() {
  local missing=() spec pkg probe
  for spec in "$@"; do
    pkg="${spec%%:*}"; probe="${spec#*:}"
    if [[ "$probe" == "$spec" ]]; then
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    else
      [[ -e "$probe" ]] || missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "layerwise: missing Debian packages: ${missing[*]} (installing them needs root: sudo apt-get install -y ${missing[*]})" >&2
    return 3
  fi
  echo "layerwise: installing Debian packages: ${missing[*]}" >&2
  # apt's lock can be held briefly by another set-up step running in parallel; wait for it.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
}
