#!/usr/bin/env bash
# Controller benchmark (issue 3): N annotated LoadBalancer Services (default 10000) in fabric8's CRUD
# mock API -> the controller -> a real etcd. Prints cold convergence, etcd round trips, heap after
# convergence, and single-change latency (Service update -> new value seen by an etcd watch), p50/p99.
# Usage: bench/controller.sh [services] [changes] [registry: txt (default) or noop]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl controller install -DskipTests
./mvnw -q -pl bench compile
CP="bench/target/classes:$(./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=compile)"
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
exec java -Xmx512m -XX:+UseG1GC -cp "$CP" dev.wayfinder.bench.controller.ControllerBench "${1:-10000}" "${2:-200}" "${3:-txt}"
