#!/usr/bin/env bash
# Connections per second under load, with and without the agent: the load test's application
# (it-tests' LoadClients) in a lab of its own (it-tests/lab/lab.sh), exchanging for RUN_MS with
# the lab server's four destinations, decided by dev=, src=, mark= and no rule (see LoadTest):
# 64 platform threads, and on JDK 21+ 10,000 virtual threads with 256 exchanges at once. Each
# run warms up for WARM_UP_MS first, starts on an idle CPU, and the variants take turns; medians
# of the measured rounds. Also shown: all runs' failed exchanges, and the distinct counts of open
# file descriptors and live threads after the warm-up and after the measured round, as the app
# counts them. The warm-up is meant to outlast the agent's late start (3 s after its start-up
# line, it watches the rules file: one thread and three descriptors more, once); on a busy
# machine it may not, and that run shows them as "after" only (LoadTest waits for the watch).
#
#   bench/load.sh [ROUNDS] [JAVA_HOME ...]
#
# Run as root (the lab) from the repository root after ./mvnw -q -B package -DskipTests, which
# also compiles the app. Default: 5 rounds on the java found on PATH, which also runs the lab
# server (Java 17+). WARM_UP_MS (5000) and RUN_MS (3000) override the durations.
default_rounds=5
source "$(dirname "$0")/common.sh"

warm_up=${WARM_UP_MS:-5000}
run_ms=${RUN_MS:-3000}
lab_script=$PWD/it-tests/lab/lab.sh
apps=$PWD/it-tests/target/test-classes
[ -f "$apps/dev/nicpin/it/apps/LoadClients.class" ] || { echo "no LoadClients in $apps: ./mvnw -q -B package -DskipTests" >&2; exit 1; }

lab=$(NICPIN_LAB_OWNER=$$ "$lab_script" up | sed -n 's/^LAB=//p')
trap '"$lab_script" down "$lab" > /dev/null; rm -rf "$work"' EXIT
"$lab_script" serve "$lab" "$PWD/it-tests/target/classes" > "$work/server.out" 2>&1 &
for _ in $(seq 100); do
    grep -q 'ready' "$work/server.out" && break
    sleep 0.1
done
grep -q 'ready' "$work/server.out" || { echo "the lab server did not start:" >&2; cat "$work/server.out" >&2; exit 1; }

cat > "$work/load.conf" <<'RULES'
10.77.9.1 proto=tcp dev=nic1
fd77:9::1 proto=tcp src=fd77:1::1
10.77.9.1 proto=udp mark=0x10
RULES
destinations=(v4-tcp-dev=socket:10.77.9.1:7000 v6-tcp-src=socket-channel:fd77:9::1:7000
    v4-udp-mark=datagram-socket:10.77.9.1:7001 v6-udp-os=datagram-channel:fd77:9::1:7001)

# run NAME JAVA THREADS... : one run; appends its connections per second to $work/NAME, and its
# failures and "fds before/after, threads before/after" to $work/NAME.state.
run() {
    local name=$1 java=$2
    shift 2
    wait_idle
    ip netns exec "$lab-c" "$java" "$@" > "$work/out" 2> "$work/err" || { cat "$work/out" "$work/err" >&2; exit 1; }
    sed -n 's/^per-second //p' "$work/out" >> "$work/$name"
    awk '$3 == "FAILED:" { failed += $2 } $1 ~ /^(fds|threads)-(before|after)$/ { v[$1] = $2 }
         END { printf "%d failed, fds %s/%s, threads %s/%s\n", failed, v["fds-before"], v["fds-after"],
               v["threads-before"], v["threads-after"] }' "$work/out" >> "$work/$name.state"
    if grep -qv '^\[nicpin\] [0-9]* rules from' "$work/err"; then
        echo "stderr of $name:" >&2
        cat "$work/err" >&2
    fi
}

states() { # NAME: the distinct "fds B/A, threads B/A" of its runs
    sed 's/^[0-9]* failed, //' "$work/$1.state" | sort -u | paste -sd ';'
}

for home in "${homes[@]}"; do
    java=$home/bin/java
    feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \(1\.\)\{0,1\}//p')
    kinds=("platform 64 64")
    [ "$feature" -ge 21 ] && kinds+=("virtual 10000 256")
    echo
    echo "$("$java" -version 2>&1 | sed -n 2p), $(nproc) processors, $rounds rounds of ${run_ms} ms, medians"
    echo
    echo "| threads | without agent, conn/s | nicpin, conn/s | nicpin / without | failed exchanges | fds and threads before/after, without agent | the same, nicpin |"
    echo "|---|---|---|---|---|---|---|"
    for kind in "${kinds[@]}"; do
        read -r threads count in_flight <<< "$kind"
        rm -f "$work"/without* "$work"/nicpin*
        app=(-cp "$apps" dev.nicpin.it.apps.LoadClients "$threads" "$count" "$in_flight" "$warm_up" "$run_ms" "${destinations[@]}")
        for round in $(seq 1 "$rounds"); do
            if [ $((round % 2)) -eq 1 ]; then
                run without "$java" "${app[@]}"
                run nicpin "$java" "-javaagent:$jar=rules=$work/load.conf" "${app[@]}"
            else
                run nicpin "$java" "-javaagent:$jar=rules=$work/load.conf" "${app[@]}"
                run without "$java" "${app[@]}"
            fi
        done
        without=$(median < "$work/without")
        nicpin=$(median < "$work/nicpin")
        failed=$(cat "$work/without.state" "$work/nicpin.state" | awk '{ n += $1 } END { print n }')
        awk -v k="$count $threads" -v a="$without" -v b="$nicpin" -v f="$failed" -v sa="$(states without)" \
            -v sb="$(states nicpin)" 'BEGIN { printf "| %s | %.0f | %.0f | %.2f | %d | %s | %s |\n", k, a, b, b / a, f, sa, sb }'
    done
done
