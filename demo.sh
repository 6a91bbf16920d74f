#!/usr/bin/env bash
# nicpin demo: an unmodified JVM application in a two-uplink network lab, first without the
# agent, then with it. Needs root (it creates network namespaces) and leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")"

if [[ $(id -u) != 0 ]]; then
  echo "demo.sh needs root: it creates two network namespaces (try: sudo ./demo.sh)" >&2
  exit 1
fi

LAB_SH=it-tests/lab/lab.sh
DEMO_JAR=demo-app/target/nicpin-demo-app.jar
AGENT_JAR=agent/target/nicpin-agent.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

section() { printf '\n== %s\n' "$*"; }

section "Building (./mvnw -q -B package -DskipTests)"
./mvnw -q -B package -DskipTests

facts=$(NICPIN_LAB_OWNER=$$ "$LAB_SH" up)
eval "$facts"
server_log=$(mktemp)
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  "$LAB_SH" down "$LAB"
  rm -f "$server_log" "${rules:-}"
}
trap cleanup EXIT

section "The lab: namespaces $CLIENT_NS and $SERVER_NS"
echo "The client namespace is a host with two uplinks to the server namespace:"
printf '  %-5s %-10s %-10s %s\n' \
  nic0 "$CLIENT_NIC0_V4" "$CLIENT_NIC0_V6" "default route metric 100  <- what the OS picks" \
  nic1 "$CLIENT_NIC1_V4" "$CLIENT_NIC1_V6" "default route metric 200, and table 100, which"
echo "                                   traffic marked 0x10 or sent from nic1's address uses."
cat <<EOT
The server answers on $SERVICE_V4 and $SERVICE_V6 (TCP $TCP_PORT, UDP $UDP_PORT, HTTP $HTTP_PORT)
with what it saw: "seen-from SOURCE via INTERFACE", where INTERFACE is the link the packet
arrived on (told apart independently of the source address).

The client's addresses, routes and rules:
EOT
"$LAB_SH" show "$LAB" | sed 's/^/  /'

"$LAB_SH" serve "$LAB" it-tests/target/classes >"$server_log" 2>&1 &
server_pid=$!
disown   # it is killed on exit; no "Killed" notice from the shell
for _ in $(seq 200); do
  grep -q 'nicpin-lab-server ready' "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; exit 1; }
  sleep 0.05
done
grep -q 'nicpin-lab-server ready' "$server_log" || { echo "the lab server did not start" >&2; exit 1; }

section "Without the agent: the demo app (java -jar $DEMO_JAR) in the client namespace"
echo "Every JDK socket path leaves by nic0, the metric-100 default route, as the OS decides."
for service in "$SERVICE_V4" "$SERVICE_V6"; do
  echo
  "$LAB_SH" exec "$LAB" client "$JAVA" -jar "$DEMO_JAR" "$service" || true
done

rules=$(mktemp)
cat >"$rules" <<EOR
# Pin the service to the second uplink; everything else keeps the OS's choice.
$SERVICE_V4/32   dev=nic1
$SERVICE_V6/128  dev=nic1
EOR

section "With the agent: the same app, java -javaagent:$AGENT_JAR=rules=RULES -jar $DEMO_JAR"
echo "RULES:"
sed 's/^/  /' "$rules"
echo "Every line should now say \"via nic1\"."
for service in "$SERVICE_V4" "$SERVICE_V6"; do
  echo
  "$LAB_SH" exec "$LAB" client "$JAVA" -javaagent:"$AGENT_JAR"=rules="$rules" -jar "$DEMO_JAR" "$service" || true
done
