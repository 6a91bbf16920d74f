#!/usr/bin/env bash
# Per-connect cost of the agent (PerConnect: JMH in JVMs with and without the agent, interleaved)
# on each JDK given: the benchmarks are compiled for Java 8 into a temporary directory, so that
# every JDK from 8 on runs them.
#
#   bench/per-connect.sh [ROUNDS] [JAVA_HOME ...]
#
# Run from the repository root after ./mvnw -q -B -pl agent package -DskipTests. Default: 4
# rounds on the java found on PATH.
set -euo pipefail

rounds=${1:-4}
shift || true
homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
    homes=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
jar=agent/target/nicpin-agent.jar
[ -f "$jar" ] || { echo "no agent jar at $jar: ./mvnw -q -B -pl agent package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./mvnw -q -B -pl agent dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test
libraries=$(cat "$work/classpath.txt")
# The agent's classes only to compile against: at run time they come from the agent jar.
javac --release 8 -nowarn -d "$work/classes" -cp "agent/target/classes:$libraries" -processorpath "$libraries" \
    agent/src/test/java/dev/nicpin/bench/*.java

for home in "${homes[@]}"; do
    "$home/bin/java" -cp "$work/classes:$libraries" dev.nicpin.bench.PerConnect "$rounds" "$jar"
done
