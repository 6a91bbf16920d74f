#!/usr/bin/env bash
# Where the agent's start-up time goes, without changing its code: the JVM logs every class it
# loads with a timestamp (-Xlog:class+load), and the first class of each phase marks where that
# phase begins. Two chains: what runs before the application's main (premain: the application
# waits for it), and what the agent's background thread does meanwhile (a connect waits for it
# up to the pinner). Medians over ROUNDS runs of Idle, which sleeps long enough for the
# background to finish (see common.sh); the log itself costs a few ms.
#
#   bench/startup-phases.sh [ROUNDS] [JAVA_HOME ...]
#
# Run from the repository root after ./mvnw -q -B -pl agent package -DskipTests. Default: 11
# rounds on the java found on PATH. JAR=path measures another agent jar.
default_rounds=11
source "$(dirname "$0")/common.sh"

# Each phase ends where the next begins: "first class loaded|what happens from there on".
premain=(
    "dev.nicpin.launcher.Launcher|launcher: create the agent's class loader, load the agent"
    "dev.nicpin.agent.NicpinAgent|configuration: arguments, properties, environment"
    "dev.nicpin.hooks.HookInstaller|bridge: redefineModule, define its classes; register the transformer"
    "dev.nicpin.agent.NicpinAgent\$Starter|"
)
background=(
    "dev.nicpin.agent.NicpinAgent\$Starter|rules: read and parse the rule file"
    "dev.nicpin.pin.Pinner|pinner and SLF4J, install: from here on a connect is decided"
    "org.objectweb.asm.ClassReader|self-test: load ASM, load and weave the target classes"
    "dev.nicpin.hooks.HookInstaller\$Result|"
)

# loaded_at LOG CLASS: microseconds from JVM start to the loading of CLASS.
loaded_at() {
    awk -v c="$2" '$2 == c { gsub(/[^0-9]/, "", $1); print int($1 / 1000); exit }' "$1"
}

ms() { # the median of $work/FILE, in ms
    median < "$work/$1" | awk '{ printf "%.1f", $1 / 1000 }'
}

# record LOG NAME PHASE...: appends each phase's duration to $work/NAME-i.
record() {
    local log=$1 name=$2
    shift 2
    local phases=("$@") i previous at
    previous=$(loaded_at "$log" "${phases[0]%%|*}")
    for i in $(seq 1 $((${#phases[@]} - 1))); do
        at=$(loaded_at "$log" "${phases[$i]%%|*}")
        echo $((at - previous)) >> "$work/$name-$i"
        previous=$at
    done
}

# report NAME PHASE...: one table row per phase.
report() {
    local name=$1
    shift
    local phases=("$@") i
    for i in $(seq 1 $((${#phases[@]} - 1))); do
        echo "| ${phases[$((i - 1))]#*|} | $(ms "$name-$i") |"
    done
}

for home in "${homes[@]}"; do
    java=$home/bin/java
    classes=$(compile "$home")
    rm -f "$work"/premain-* "$work"/background-* "$work"/to-* "$work/bare"
    for round in $(seq 1 "$rounds"); do
        wait_idle
        "$java" -Xlog:class+load:file="$work/bare.log":uptimenanos -cp "$classes" Hello > /dev/null
        loaded_at "$work/bare.log" Hello >> "$work/bare"
        wait_idle
        "$java" -Xlog:class+load:file="$work/agent.log":uptimenanos "-javaagent:$jar=rules=$work/rules.conf" \
            -cp "$classes" Idle > /dev/null 2>&1
        record "$work/agent.log" premain "${premain[@]}"
        record "$work/agent.log" background "${background[@]}"
        loaded_at "$work/agent.log" dev.nicpin.launcher.Launcher >> "$work/to-premain"
        loaded_at "$work/agent.log" Idle >> "$work/to-main"
        loaded_at "$work/agent.log" dev.nicpin.pin.Pinner >> "$work/to-pinner"
        loaded_at "$work/agent.log" 'dev.nicpin.hooks.HookInstaller$Result' >> "$work/to-end"
    done
    echo
    echo "$("$java" -version 2>&1 | sed -n 2p), $rounds rounds, medians"
    echo
    echo "| phase | ms |"
    echo "|---|---|"
    echo "| JVM start to main, without the agent | $(ms bare) |"
    echo "| JVM start to premain (with the JVM's own work for -javaagent) | $(ms to-premain) |"
    echo "| **premain** (the application waits) | |"
    report premain "${premain[@]}"
    echo "| JVM start to main, with the agent | $(ms to-main) |"
    echo "| **background** (in parallel with main) | |"
    report background "${background[@]}"
    echo "| JVM start to the pinner (a connect waits until here) | $(ms to-pinner) |"
    echo "| JVM start to the end of the self-test | $(ms to-end) |"
done
