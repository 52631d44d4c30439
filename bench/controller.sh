#!/usr/bin/env bash
# Controller benchmark (issues 3 and 15): N annotated LoadBalancer Services in fabric8's CRUD mock API (a JVM of
# its own) -> the controller (this JVM, -Xmx1g) -> a real etcd. For each size, in fresh JVMs: cold convergence,
# heap after convergence, single-change latency (Service update -> new value seen by an etcd watch) p50/p99, and
# what each phase cost: CPU of the controller JVM, the mock API and etcd, allocation, GCs, etcd round trips.
#
# Usage: bench/controller.sh [services[,services...]] [changes] [registry]
#        (defaults: 10000,100000, 200 and txt: ExternalDNS's ownership record beside each record; noop: none)
# Environment: BENCH_JFR=DIR   a JFR profile of both JVMs per size: DIR/controller-N.jfr and DIR/mock-N.jfr
#              BENCH_HISTO=DIR the controller JVM's live-object histogram after convergence: DIR/histogram-N.txt
#              SKIP_BUILD=1    use the modules as last built
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${1:-10000,100000}"
CHANGES="${2:-200}"
REGISTRY="${3:-txt}"

# Built in the reactor (never installed); the class path is the reactor's own: each module's jar and test-jar
# under target/, and the libraries from the local repository.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B package dependency:build-classpath -pl bench -am -DskipTests \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
fi
CP="bench/target/classes:$(cat bench/target/bench.classpath)"

export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
IFS=',' read -r -a sizes <<<"$SIZES"
for n in "${sizes[@]}"; do
  opts=()
  if [ -n "${BENCH_JFR:-}" ]; then
    mkdir -p "$BENCH_JFR"
    jfr="$(cd "$BENCH_JFR" && pwd)"
    opts+=("-XX:StartFlightRecording=filename=$jfr/controller-$n.jfr,settings=profile")
    export BENCH_MOCK_JAVA_OPTS="-XX:StartFlightRecording=filename=$jfr/mock-$n.jfr,settings=profile"
  fi
  java -Xmx1g -XX:+UseG1GC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener "${opts[@]}" -cp "$CP" dev.wayfinder.bench.controller.ControllerBench "$n" "$CHANGES" "$REGISTRY"
done
