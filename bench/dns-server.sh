#!/usr/bin/env bash
# DNS server benchmark (issue 4): dnsperf against `wayfinder dns` (-Xmx512m, its own JVM) over a real
# etcd holding N names (default 1000 and 100000, one A record each): queries/s, average and p99 latency,
# live heap after GC, time from process start to the first answer, and etcd-change-to-answer latency.
# Usage: bench/dns-server.sh [names,names,...] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dnsperf >/dev/null || { echo "dnsperf is not installed (apt-get install dnsperf)" >&2; exit 1; }
# Only this harness is compiled, against the installed modules, so other harnesses being edited cannot break it.
./mvnw -q -pl dns-server install -DskipTests
CP="$(./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=compile)"
OUT=bench/target/dns-bench-classes
mkdir -p "$OUT"
javac -d "$OUT" -cp "$CP" bench/src/main/java/dev/wayfinder/bench/dns/*.java
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
rm -f bench/target/dns-bench/dns-server.jsa
exec java -Xmx1g -XX:+UseG1GC -Dwayfinder.server.classpath="$CP" -cp "$OUT:$CP" dev.wayfinder.bench.dns.DnsServerBench "${1:-1000,100000}" "${2:-10}"
