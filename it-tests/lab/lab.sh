#!/usr/bin/env bash
# The nicpin network-namespace lab: two namespaces joined by two veth links.
#
#   client namespace                            server namespace
#   nic0 10.77.0.1/24 fd77::1/64    <-veth->    nic0 10.77.0.2/24 fd77::2/64
#   nic1 10.77.1.1/24 fd77:1::1/64  <-veth->    nic1 10.77.1.2/24 fd77:1::2/64
#                                               lo   10.77.9.1/32 fd77:9::1/128  (the service)
#
# Client routing, the classic layout of a host with two uplinks (IPv4 and IPv6 alike):
#   default via the server's nic0 address dev nic0 metric 100   <- what traffic takes
#   default via the server's nic1 address dev nic1 metric 200
#   table 100: default via the server's nic1 address dev nic1; else unreachable (never main's)
#   rules: fwmark 0x10 -> table 100;  from the client's nic1 address -> table 100
#
# Client packet counters (nftables, table inet nicpin, after routing): packets to the service
# address by output link, family and protocol, NIC0_V4_TCP .. NIC1_V6_UDP. They tell which link
# traffic really took, and show that traffic that must not leave did not.
#
# Usage (as root):
#   lab.sh up                     create a lab owned by the caller (or by the process whose
#                                 pid is in NICPIN_LAB_OWNER); print its facts as KEY=VALUE
#                                 lines (shell- and Java-readable)
#   lab.sh down LAB               kill what still runs inside the lab, delete its namespaces
#   lab.sh sweep                  delete the labs whose owner process is gone ("up" does it too)
#   lab.sh exec LAB client|server COMMAND...
#   lab.sh serve LAB CLASSPATH    run the lab server in the server namespace, in the foreground
#                                 (java from JAVA_HOME, else from PATH)
#   lab.sh relink LAB nic0|nic1   delete that link if it is there (both ends go) and make it
#                                 again, as up did: a NIC that comes back under a new ifindex
#   lab.sh show LAB               print the client's addresses, routes and rules
#   lab.sh counters LAB [reset]   print the client's packet counters as KEY=VALUE lines;
#                                 with reset, print them and zero them in one step
#
# A lab is named nicpin-OWNERPID-RANDOM and its namespaces are LAB-c and LAB-s, so parallel
# runs never collide and a crashed run's leftovers are recognised by their dead owner.
# Every address lives inside the two namespaces only.
set -euo pipefail

readonly TCP_PORT=7000 UDP_PORT=7001 HTTP_PORT=7080
readonly LAB_PATTERN='^nicpin-([0-9]+)-[0-9a-f]+-[cs]$'
readonly SERVICE_V4=10.77.9.1 SERVICE_V6=fd77:9::1

die() { echo "lab.sh: $*" >&2; exit 2; }

# rp_filter: the server gets 0 because a packet with nic1's source may arrive on nic0 (a
# source bind without a route); the client gets loose (2) because replies may come back on
# either link. The kernel uses max(all, interface), so "all" and "default" are set before any
# link exists (the links then inherit "default") and add_link sets each interface once more.
namespace_defaults() {
  ip netns exec "$1" sysctl -qw \
    net.ipv4.conf.all.rp_filter="$2" net.ipv4.conf.default.rp_filter="$2" \
    net.ipv4.conf.all.src_valid_mark=1 \
    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# The counters as one nft script. Postrouting, not output: a packet is counted on the link it
# really leaves by, after every routing decision (marks, source rules, device binding).
counters_ruleset() {
  local nic family proto
  echo "table inet nicpin {"
  for nic in nic0 nic1; do for family in v4 v6; do for proto in tcp udp; do
    echo "  counter ${nic}_${family}_${proto} { }"
  done; done; done
  echo "  chain to_service {"
  echo "    type filter hook postrouting priority filter; policy accept;"
  for nic in nic0 nic1; do for proto in tcp udp; do
    echo "    oifname \"$nic\" ip daddr $SERVICE_V4 meta l4proto $proto counter name ${nic}_v4_${proto}"
    echo "    oifname \"$nic\" ip6 daddr $SERVICE_V6 meta l4proto $proto counter name ${nic}_v6_${proto}"
  done; done
  echo "  }"
  echo "}"
}

# nft's listing of counters ("counter NAME {" then "packets N bytes M") as NAME=N lines.
counter_lines() {
  awk '$1 == "counter" { name = toupper($2) } $1 == "packets" { print name "=" $2 }'
}

# One veth link of the lab, both ends, with its addresses and the routes through it: nic0 is
# 10.77.0.0/24 and fd77::/64, nic1 10.77.1.0/24 and fd77:1::/64 (client .1/::1, server .2/::2).
# Client: the default routes (nic0 metric 100, nic1 metric 200 and table 100). Server: its
# sockets are bound to the interface a packet arrived on, so a reply must be able to leave by
# that interface whatever the client's source address: a metric-500 route to the other link's
# network through the client's address on this link.
add_link() {
  local c="$1-c" s="$1-s" nic=$2
  local n=${nic#nic}
  local other=$((1 - n)) v6=fd77: other_v6=fd77:1:
  if (( n == 1 )); then v6=fd77:1: other_v6=fd77:; fi
  ip -n "$c" -batch - <<EOB
link add $nic type veth peer name $nic netns $s
addr add 10.77.$n.1/24 dev $nic
addr add $v6:1/64 dev $nic nodad
link set $nic up
route add default via 10.77.$n.2 dev $nic metric $((100 + 100 * n))
route add ::/0 via $v6:2 dev $nic metric $((100 + 100 * n))
EOB
  if (( n == 1 )); then
    ip -n "$c" -batch - <<EOB
route add default via 10.77.1.2 dev nic1 table 100
route add ::/0 via fd77:1::2 dev nic1 table 100
EOB
  fi
  ip -n "$s" -batch - <<EOB
addr add 10.77.$n.2/24 dev $nic
addr add $v6:2/64 dev $nic nodad
link set $nic up
route add 10.77.$other.0/24 via 10.77.$n.1 dev $nic metric 500
route add $other_v6:/64 via $v6:1 dev $nic metric 500
EOB
  ip netns exec "$s" sysctl -qw "net.ipv4.conf.$nic.rp_filter=0"
  ip netns exec "$c" sysctl -qw "net.ipv4.conf.$nic.rp_filter=2"
}

up() {
  sweep
  local lab; lab=$(printf 'nicpin-%d-%04x%04x' "${NICPIN_LAB_OWNER:-$PPID}" "$RANDOM" "$RANDOM")
  local c="$lab-c" s="$lab-s"

  ip -batch - <<<"netns add $c
netns add $s"
  trap 'down "$lab" >/dev/null 2>&1' ERR   # never leave half a lab behind

  namespace_defaults "$s" 0
  namespace_defaults "$c" 2
  ip -n "$c" link set lo up
  add_link "$lab" nic0
  add_link "$lab" nic1
  # Table 100 ends in an unreachable route, as a host that pins by mark or source must have:
  # while nic1 is down or gone, its route leaves the table, and the lookup would otherwise fall
  # through to the main table and send marked and nic1-sourced traffic by nic0.
  ip -n "$c" -batch - <<EOB
rule add fwmark 0x10 table 100
rule add from 10.77.1.1 table 100
route add unreachable default metric 4278198272 table 100
EOB
  ip -n "$c" -6 -batch - <<EOB   # rules take their family from -6, which a batch line cannot say
rule add fwmark 0x10 table 100
rule add from fd77:1::1 table 100
route add unreachable default metric 4278198272 table 100
EOB
  ip -n "$s" -batch - <<EOB
link set lo up
addr add $SERVICE_V4/32 dev lo
addr add $SERVICE_V6/128 dev lo
EOB
  counters_ruleset | ip netns exec "$c" nft -f -
  trap - ERR

  cat <<EOF_FACTS
LAB=$lab
CLIENT_NS=$c
SERVER_NS=$s
CLIENT_NIC0_V4=10.77.0.1
CLIENT_NIC1_V4=10.77.1.1
CLIENT_NIC0_V6=fd77::1
CLIENT_NIC1_V6=fd77:1::1
SERVICE_V4=$SERVICE_V4
SERVICE_V6=$SERVICE_V6
TCP_PORT=$TCP_PORT
UDP_PORT=$UDP_PORT
HTTP_PORT=$HTTP_PORT
EOF_FACTS
}

down() {
  local lab=${1:?down needs a lab name} pids
  for ns in "$lab-c" "$lab-s"; do
    # Deleting a namespace kills nothing: a process inside keeps it (and its links) alive.
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [[ -n $pids ]]; then kill -KILL $pids 2>/dev/null || true; fi
  done
  ip -force -batch - <<<"netns del $lab-c
netns del $lab-s" 2>/dev/null || true
}

sweep() {
  local ns lab
  local -A orphaned=()
  for ns in $(ip netns list | cut -d' ' -f1); do
    if [[ $ns =~ $LAB_PATTERN && ! -d /proc/${BASH_REMATCH[1]} ]]; then
      orphaned[${ns%-[cs]}]=1
    fi
  done
  for lab in "${!orphaned[@]}"; do down "$lab"; done
}

relink() {
  local lab=${1:?relink needs a lab name} nic=${2:-}
  [[ $nic == nic0 || $nic == nic1 ]] || die "expected nic0 or nic1, got '$nic'"
  ip -n "$lab-c" link del "$nic" 2>/dev/null || true
  add_link "$lab" "$nic"
}

namespace_of() {
  case ${2:-} in
    client) echo "$1-c" ;;
    server) echo "$1-s" ;;
    *) die "expected client or server, got '${2:-}'" ;;
  esac
}

main() {
  [[ $(id -u) == 0 ]] || die "needs root (network namespaces)"
  case ${1:-} in
    up) up ;;
    down) down "${2:-}" ;;
    sweep) sweep ;;
    exec)
      local ns; ns=$(namespace_of "${2:?exec needs a lab name}" "${3:-}")
      shift 3
      exec ip netns exec "$ns" "$@" ;;
    serve)
      local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
      exec ip netns exec "${2:?serve needs a lab name}-s" "$java" \
        --add-opens java.base/sun.nio.ch=ALL-UNNAMED -cp "${3:?serve needs a class path}" \
        dev.nicpin.lab.LabServer --tcp "$TCP_PORT" --udp "$UDP_PORT" --http "$HTTP_PORT" nic0 nic1 ;;
    relink) relink "${2:-}" "${3:-}" ;;
    show)
      local c="${2:?show needs a lab name}-c"
      ip -n "$c" -br addr show
      echo "-- IPv4 routes / rules"; ip -n "$c" -4 route show table all | grep -v -e '^local' -e '^broadcast'
      ip -n "$c" rule show
      echo "-- IPv6 routes / rules"; ip -n "$c" -6 route show table all | grep -v -e '^local' -e '^multicast' -e 'fe80::'
      ip -n "$c" -6 rule show ;;
    counters)
      local c="${2:?counters needs a lab name}-c"
      case ${3:-} in
        '') ip netns exec "$c" nft list counters table inet nicpin | counter_lines ;;
        reset) ip netns exec "$c" nft reset counters table inet nicpin | counter_lines ;;
        *) die "expected nothing or reset after the lab name, got '$3'" ;;
      esac ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
