#!/usr/bin/env bash
# Where the agent's start-up time goes, without changing its code: the JVM logs every class it
# loads with a timestamp (-Xlog:class+load), and the first class of each phase marks where that
# phase begins. Medians over ROUNDS runs of Hello (see common.sh); the log itself costs a few ms.
#
#   bench/startup-phases.sh [ROUNDS] [JAVA_HOME ...]
#
# Run from the repository root after ./mvnw -q -B -pl agent package -DskipTests. Default: 11
# rounds on the java found on PATH. JAR=path measures another agent jar.
default_rounds=11
source "$(dirname "$0")/common.sh"

# Each phase ends where the next begins: "first class loaded|what happens from there on".
phases=(
    "dev.nicpin.launcher.Launcher|launcher: create the agent's class loader, load the agent"
    "dev.nicpin.agent.NicpinAgent|SLF4J: LoggerFactory finds nicpin's backend"
    "dev.nicpin.config.AgentConfig|configuration: arguments, properties, environment"
    "dev.nicpin.rules.RuleFile|rules: read and parse the rule file"
    "dev.nicpin.hooks.HookInstaller|bridge: redefineModule, read and define its classes"
    "dev.nicpin.hooks.HookTransformer|hooks: load ASM, load and weave the target classes"
    "dev.nicpin.pin.Pinner|connect the hooks to the pinner, log the start-up line"
    "Hello|"
)

# loaded_at LOG CLASS: microseconds from JVM start to the loading of CLASS.
loaded_at() {
    awk -v c="$2" '$2 == c { gsub(/[^0-9]/, "", $1); print int($1 / 1000); exit }' "$1"
}

ms() { # the median of $work/FILE, in ms
    median < "$work/$1" | awk '{ printf "%.1f", $1 / 1000 }'
}

for home in "${homes[@]}"; do
    java=$home/bin/java
    classes=$(compile "$home")
    rm -f "$work"/phase-* "$work/bare"
    for round in $(seq 1 "$rounds"); do
        wait_idle
        "$java" -Xlog:class+load:file="$work/bare.log":uptimenanos -cp "$classes" Hello > /dev/null
        loaded_at "$work/bare.log" Hello >> "$work/bare"
        wait_idle
        "$java" -Xlog:class+load:file="$work/agent.log":uptimenanos "-javaagent:$jar=rules=$work/rules.conf" \
            -cp "$classes" Hello > /dev/null 2>&1
        previous=0
        for i in "${!phases[@]}"; do
            at=$(loaded_at "$work/agent.log" "${phases[$i]%%|*}")
            echo $((at - previous)) >> "$work/phase-$i"
            previous=$at
        done
        echo "$previous" >> "$work/phase-total"
    done
    echo
    echo "$("$java" -version 2>&1 | sed -n 2p), $rounds rounds, medians"
    echo
    echo "| phase | ms |"
    echo "|---|---|"
    echo "| JVM start to main, without the agent | $(ms bare) |"
    echo "| JVM start to premain (with the JVM's own work for -javaagent) | $(ms phase-0) |"
    for i in $(seq 1 $((${#phases[@]} - 1))); do
        echo "| ${phases[$((i - 1))]#*|} | $(ms "phase-$i") |"
    done
    echo "| JVM start to main, with the agent | $(ms phase-total) |"
done
