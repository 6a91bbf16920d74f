#!/usr/bin/env bash
# Provisions the JDKs the integration tests run client JVMs on, without installing any of them
# into the system: Debian's OpenJDK packages of other suites are downloaded with a private apt
# configuration and unpacked into a cache. JDK 17 and 25 are the machine's own.
#
# Usage (as root, the first time):
#   provision-jdks.sh [FEATURE...]    default: 8 11 17 21 25
# prints one FEATURE=JAVA_HOME line per JDK on stdout (everything else goes to stderr), so
#   -Dnicpin.jdks=$(provision-jdks.sh | paste -sd, -)
# A JDK already in the cache is not touched again: a second run only checks and prints (delete
# CACHE/FEATURE to fetch the suite's current package). JDKs whose packages need a newer glibc
# than this host's get that suite's libc6 unpacked beside them (see relink).
#
# JDK_CACHE_DIR (default /var/cache/nicpin/jdks) holds one root tree per JDK and the private apt
# state. Not NICPIN_*: the test JVMs inherit the environment, and the agent rejects NICPIN_
# variables it does not know. The trees contain absolute paths: to move the cache, delete it.
# shellcheck disable=SC2016   # apt's and dpkg's format strings are single-quoted on purpose
set -euo pipefail

readonly CACHE=${JDK_CACHE_DIR:-/var/cache/nicpin/jdks}
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
declare -rA SUITE=([8]=sid [11]=bullseye [21]=trixie)
declare -rA SYSTEM=([17]=/usr/lib/jvm/java-17-openjdk-amd64 [25]=/usr/lib/jvm/temurin-25-jdk-amd64)
# jre-headless has java and the runtime; jdk-headless adds jcmd and the attach tools.
declare -rA WHY=([jre-headless]="the java launcher and runtime" [jdk-headless]="jcmd and the attach tools")
# Libraries the JDK links against. When its packages need newer ones than this host has, they
# come from the JDK's own suite, the combination Debian built and tested.
readonly RUNTIME_LIBS="libc6 libstdc++6 libgcc-s1 zlib1g"

log() { echo "provision-jdks.sh: $*" >&2; }
die() { log "$*"; exit 2; }

# The mirror this machine already uses for its own release, whatever format its sources are in.
debian_mirror() {
  local codename; codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  apt-get indextargets --format '$(RELEASE) $(REPO_URI)' | awk -v c="$codename" '$1 == c { print $2; exit }'
}

# apt for one suite alone: private sources, lists, cache and an empty dpkg status, all inside the
# cache, so the system's apt state is neither read nor changed.
suite_apt() {
  local tool=$1 suite=$2; shift 2
  local dir=$CACHE/apt/$suite
  "$tool" -q -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
    -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" -o Dir::State::status=/dev/null "$@"
}

# Always refreshed before a download: sid drops superseded .debs from the mirror within days.
update_suite() {
  local suite=$1 mirror
  mkdir -p "$CACHE/apt/$suite/lists/partial" "$CACHE/apt/$suite/cache/archives/partial"
  mirror=$(debian_mirror) || true
  [[ -n $mirror ]] || die "found no Debian mirror in this machine's apt sources (apt-get indextargets)"
  echo "deb [signed-by=$KEYRING] $mirror $suite main" >"$CACHE/apt/$suite/sources.list"
  suite_apt apt-get "$suite" update --error-on=any >&2 ||
    die "cannot read Debian $suite from $mirror (has it moved to archive.debian.org?)"
}

# download SUITE DIR FEATURE PACKAGE WHY: fails saying what is missing, where, and what for.
download() {
  local suite=$1 dir=$2 feature=$3 package=$4 why=$5
  [[ -n $(suite_apt apt-cache "$suite" madison "$package" 2>/dev/null) ]] ||
    die "Debian $suite no longer carries $package, which JDK $feature needs for $why;" \
        "find another suite that has it and change SUITE in $0"
  (cd "$dir" && suite_apt apt-get "$suite" download "$package" >&2)
}

# newer_runtime_libs FEATURE DEB...: the runtime libraries that the DEBs require in newer
# versions than this host has.
newer_runtime_libs() {
  local feature=$1 lib need have; shift
  for lib in $RUNTIME_LIBS; do
    need=$(for deb; do dpkg-deb -f "$deb" Depends; done | tr ',' '\n' |
      sed -n "s/^ *$lib (>= \(.*\))\$/\1/p" | sort -V | tail -n 1)
    have=$(dpkg-query -W -f='${Version}' "$lib" 2>/dev/null) || have=0
    if [[ -n $need ]] && dpkg --compare-versions "$have" lt "$need"; then
      log "JDK $feature needs $lib >= $need, this host has $have"; echo "$lib"
    fi
  done
}

# Points each launcher of HOME (java, jcmd, jspawnhelper...) at the libraries unpacked in ROOT:
# their ld.so as ELF interpreter, their directory first in DT_RPATH. An executable's DT_RPATH is
# also searched for every library loaded later that has no DT_RUNPATH of its own (libjvm.so,
# libstdc++), so the whole JVM runs on the newer glibc while /proc/self/exe stays the real launcher
# and the programs the JVM starts inherit a clean environment. (A wrapper setting
# LD_LIBRARY_PATH would hand the newer libc to those children too, and every one of them would
# die with "symbol lookup error: ... GLIBC_PRIVATE".)
relink() {
  local root=$1 home=$2 exe old libdir=$1/usr/lib/x86_64-linux-gnu
  command -v patchelf >/dev/null || apt-get install -y -q patchelf >&2
  while IFS= read -r -d '' exe; do
    patchelf --print-interpreter "$exe" >/dev/null 2>&1 || continue   # scripts, static files
    old=$(patchelf --print-rpath "$exe")
    patchelf --set-interpreter "$libdir/ld-linux-x86-64.so.2" \
      --force-rpath --set-rpath "$libdir${old:+:$old}" "$exe"
  done < <(find "$home" -type f -perm -u+x -print0)
}

# provision FEATURE: unpacks the JDK into CACHE/FEATURE (a root tree: etc/, usr/) once.
provision() {
  local feature=$1 suite=${SUITE[$1]} root=$CACHE/$1 kind link libs lib deb
  local home=$root/usr/lib/jvm/java-$1-openjdk-amd64
  [[ -f $root/.provisioned ]] && return
  log "JDK $feature: downloading from Debian $suite"
  rm -rf "$root" && mkdir -p "$root"
  download_dir=$(mktemp -d "$CACHE/download.XXXXXX")
  [[ $EUID -ne 0 ]] || chown _apt "$download_dir"   # apt downloads as _apt when run as root
  update_suite "$suite"
  for kind in jre-headless jdk-headless; do
    download "$suite" "$download_dir" "$feature" "openjdk-$feature-$kind" "${WHY[$kind]}"
  done
  libs=$(newer_runtime_libs "$feature" "$download_dir"/*.deb)
  # libc6 comes with any of them: everything newer from that suite is built against its libc.
  [[ -z $libs || $libs == libc6* ]] || libs="libc6 $libs"
  for lib in $libs; do
    download "$suite" "$download_dir" "$feature" "$lib" "its native code (this host's $lib is too old)"
  done
  for deb in "$download_dir"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  [[ -z $libs ]] || relink "$root" "$home"

  # The packages link their configuration to /etc/java-N-openjdk, i.e. the system's copy, which
  # does not exist here: point those links at the /etc unpacked from the same packages. cacerts
  # stays linked to /etc/ssl/certs/java/cacerts, this host's trust store (ca-certificates-java).
  while IFS= read -r -d '' link; do
    ln -sfn "$root$(readlink "$link")" "$link"
  done < <(find "$root/usr/lib/jvm" -type l -lname '/etc/java-*' -print0)

  "$home/bin/java" -version >/dev/null 2>&1 ||
    die "JDK $feature at $home does not run: $("$home/bin/java" -version 2>&1 | head -n 3)"
  for deb in "$download_dir"/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"; done \
    >"$root/.provisioned"   # written last: a run that stopped half-way starts over
  rm -rf "$download_dir"
}

main() {
  local features=("$@") feature
  ((${#features[@]})) || features=(8 11 17 21 25)
  for feature in "${features[@]}"; do
    [[ -v SUITE[$feature] || -v SYSTEM[$feature] ]] ||
      die "no JDK $feature here; known: $(printf '%s\n' "${!SUITE[@]}" "${!SYSTEM[@]}" | sort -n | paste -sd' ')"
  done
  mkdir -p "$CACHE" && { [[ -e $CACHE/.lock ]] || : >"$CACHE/.lock"; }
  exec 9<"$CACHE/.lock" && flock 9   # two builds at once must not unpack into the same tree
  trap '[[ -z ${download_dir:-} ]] || rm -rf "$download_dir"' EXIT
  for feature in "${features[@]}"; do
    if [[ -v SYSTEM[$feature] ]]; then
      [[ -x ${SYSTEM[$feature]}/bin/java ]] || die "JDK $feature is not installed at ${SYSTEM[$feature]}"
      echo "$feature=${SYSTEM[$feature]}"
    else
      provision "$feature"
      echo "$feature=$CACHE/$feature/usr/lib/jvm/java-$feature-openjdk-amd64"
    fi
  done
}

main "$@"
