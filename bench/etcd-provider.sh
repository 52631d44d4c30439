#!/usr/bin/env bash
# etcd provider benchmark (issue 2): N names (default 10000, one A record each) created, updated and
# deleted through EtcdProvider against a real etcd it starts itself; names/s, etcd round trips per
# name, and the ratio to sequential single-key puts measured in the same run.
# Usage: bench/etcd-provider.sh [names] [baseline-puts] [transactions-in-flight]
set -euo pipefail
cd "$(dirname "$0")/.."
# Only this harness is compiled, against the installed modules, so other harnesses being edited cannot break it.
./mvnw -q -pl providers/provider-etcd install -DskipTests
CP="$(./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=compile)"
OUT=bench/target/etcd-bench-classes
mkdir -p "$OUT"
javac -d "$OUT" -cp "$CP" bench/src/main/java/dev/wayfinder/bench/etcd/*.java
# The provider logs one INFO line per name; at WARN the figures measure etcd and the provider, not the console.
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
exec java -Xmx512m -XX:+UseG1GC -cp "$OUT:$CP" dev.wayfinder.bench.etcd.EtcdProviderBench "${1:-10000}" "${2:-2000}" ${3:+"$3"}
