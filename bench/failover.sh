#!/usr/bin/env bash
# Failover timeline benchmark (issue 5): two simulated clusters (the demo's: CRUD mock API, a real etcd
# each, the controller, wayfinder dns) with default GSLB settings (peers polled every 5 s). N runs
# (default 10) of: us-buf's endpoint goes not ready -> time until us-buf's DNS, and us-nyc's, answer
# us-nyc's target; and back. Baseline in the same run: an annotated Service IP change -> DNS answer.
# Prints p50/p95/max. Usage: bench/failover.sh [runs] [wayfinder|coredns]  (coredns: stock CoreDNS from COREDNS_BIN or PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl controller install -Dmaven.test.skip=true
./mvnw -q -pl demo install -Dmaven.test.skip=true
./mvnw -q -pl bench compile
CP="bench/target/classes:$(./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=compile)"
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
exec java -Xmx512m -XX:+UseG1GC -cp "$CP" dev.wayfinder.bench.gslb.FailoverBench "${1:-10}" "${2:-wayfinder}"
