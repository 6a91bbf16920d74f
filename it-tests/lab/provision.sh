#!/usr/bin/env bash
# Installs what the integration tests need on this machine and is missing, so that a fresh
# Debian machine (a developer's or CI's) runs them; run again, it changes nothing. The it-tests
# build runs it before the tests (see ../pom.xml); it needs root, as the lab itself does.
#
#   lab tools: ip (iproute2: namespaces, links, routes), nft (nftables: the packet counters),
#              sysctl (procps)
#
# Without root it installs nothing, says why and exits 0. When an install fails it says so and
# exits 0 as well: the tests then name what is missing, and skip, or fail under CI=true.
set -euo pipefail

readonly -A LAB_TOOLS=([ip]=iproute2 [nft]=nftables [sysctl]=procps)   # command -> Debian package

say() { echo "provision.sh: $*" >&2; }

# The Debian packages that provide the commands of a TOOLS table (its name) missing from PATH.
missing_packages() {
  local -n tools=$1
  local command
  for command in "${!tools[@]}"; do
    command -v "$command" >/dev/null || echo "${tools[$command]}"
  done | sort -u
}

# A fresh machine may have no package lists, or stale ones: refresh them only when the
# install fails, so that a machine with what it needs never waits for the network.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "$@" \
    || { apt-get update && apt-get install -y --no-install-recommends "$@"; }
}

# One step per kind of prerequisite; each installs only what is missing.
provision_lab_tools() {
  local packages
  mapfile -t packages < <(missing_packages LAB_TOOLS)
  (( ${#packages[@]} )) || return 0
  say "installing ${packages[*]} for the network-namespace lab"
  apt_install "${packages[@]}" || say "could not install ${packages[*]}; the integration tests will say what they miss"
}

main() {
  if [[ $(id -u) != 0 ]]; then
    say "not root: installing nothing (the lab needs root too, so its tests will skip, or fail under CI=true)"
    exit 0
  fi
  provision_lab_tools
}

main "$@"
