#!/usr/bin/env bash
# Installs Debian packages that are missing, once; shared by the engine, code-server and browser set-up.
# Usage: ensure_debs pkg... (each pkg is "package" or "package:/path/that/proves/it")

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
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}" >&2
}
