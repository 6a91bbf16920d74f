#!/usr/bin/env bash
# Start-up cost of the agent: wall time and maximum RSS of two tiny programs run without an
# agent, with an agent whose premain does nothing (what any -javaagent costs), and with nicpin,
# interleaved (each round starts with the next variant), after two warm-up rounds, each run
# started on an idle CPU; medians. Hello prints a line; HelloSocket also connects once over
# loopback to 127.0.0.2, which a rule pins (dev=lo), so it includes the first decision.
#
#   bench/startup.sh [ROUNDS] [JAVA_HOME ...]
#
# Run from the repository root after ./mvnw -q -B -pl agent package -DskipTests. Default: 15
# rounds on the java found on PATH. JAR=path measures another agent jar. Needs /usr/bin/time.
default_rounds=15
source "$(dirname "$0")/common.sh"

# run NAME JAVA ARGS...: appends "wall_ms max_rss_kib" to $work/NAME; shows any stderr but nicpin's start-up line.
run() {
    local name=$1 java=$2
    shift 2
    wait_idle
    local start=$EPOCHREALTIME
    /usr/bin/time -f %M -o "$work/rss" "$java" "$@" > /dev/null 2> "$work/err"
    local end=$EPOCHREALTIME
    echo "$(( (${end/./} - ${start/./}) / 1000 )) $(cat "$work/rss")" >> "$work/$name"
    if grep -qv '^\[nicpin\] [0-9]* rules from' "$work/err"; then
        echo "stderr of $name:" >&2
        cat "$work/err" >&2
    fi
}

column() { # FILE N: column N of $work/FILE
    awk -v c="$2" '{ print $c }' "$work/$1"
}

variants=(without empty nicpin)

for home in "${homes[@]}"; do
    java=$home/bin/java
    classes=$(compile "$home")
    echo
    echo "$("$java" -version 2>&1 | sed -n 2p), $(nproc) processors, $rounds rounds, medians"
    echo
    echo "| program | without agent, ms | empty agent, ms | nicpin, ms | nicpin - without, ms | nicpin - empty agent, ms | max RSS without / empty / nicpin, MiB |"
    echo "|---|---|---|---|---|---|---|"
    for program in Hello HelloSocket; do
        rm -f "$work/without" "$work/empty" "$work/nicpin"
        for round in $(seq -1 "$rounds"); do
            for k in 0 1 2; do
                variant=${variants[$(( (round + 3 + k) % 3 ))]}
                case $variant in
                    without) run without "$java" -cp "$classes" "$program" ;;
                    empty) run empty "$java" "-javaagent:$work/empty-agent.jar" -cp "$classes" "$program" ;;
                    nicpin) run nicpin "$java" "-javaagent:$jar=rules=$work/rules.conf" -cp "$classes" "$program" ;;
                esac
            done
            if [ "$round" -le 0 ]; then rm -f "$work/without" "$work/empty" "$work/nicpin"; fi # warm-up
        done
        awk -v p="$program" -v t0="$(column without 1 | median)" -v t1="$(column empty 1 | median)" \
            -v t2="$(column nicpin 1 | median)" -v r0="$(column without 2 | median)" \
            -v r1="$(column empty 2 | median)" -v r2="$(column nicpin 2 | median)" 'BEGIN {
            printf "| %s | %.0f | %.0f | %.0f | %+.0f | %+.0f | %.1f / %.1f / %.1f |\n",
                p, t0, t1, t2, t2 - t0, t2 - t1, r0 / 1024, r1 / 1024, r2 / 1024 }'
    done
done
