#!/usr/bin/env bash
# Failover timeline benchmark (issues 5 and 13): two simulated clusters (the demo's: CRUD mock API, a real etcd
# each, the controller, and wayfinder dns or stock CoreDNS) with default GSLB settings (peers polled every 5 s),
# once with the cross-cluster push (a TSIG-signed NOTIFY on each change of a localtargets- record) and once
# without. N runs (default 10) per mode of: us-buf's endpoint goes not ready -> time until us-buf's DNS, and
# us-nyc's, answer us-nyc's target; and back. Baseline in the same run: an annotated Service IP change -> DNS answer.
# Prints p50/p95/p99/max per mode.
#
# Usage: bench/failover.sh [runs] [wayfinder|coredns] [both|push|poll]
#   coredns: stock CoreDNS from COREDNS_BIN or PATH. SKIP_BUILD=1 uses the classes as last built.
set -euo pipefail
cd "$(dirname "$0")/.."
# Built in one reactor (never installed): the bench module and what it needs, with the classpath Maven resolved in
# that same reactor (sibling modules as their freshly built jars) written to bench/target/classpath.txt.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -DskipTests package dependency:build-classpath -pl bench -am \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# A reactor module's main jar carries a manifest Class-Path to copies of its siblings (its lib/); its classes
# directory does not, so modules go on the class path once each. Test-fixture jars stay as built.
CP="bench/target/classes"
IFS=: read -ra entries <bench/target/classpath.txt || true # the file ends without a newline: read reports EOF
for entry in "${entries[@]}"; do
  case "$entry" in
    */target/*-tests.jar) ;;
    */target/*.jar) entry="${entry%/target/*}/target/classes" ;;
  esac
  CP="$CP:$entry"
done
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
exec java -Xmx512m -XX:+UseG1GC -cp "$CP" dev.wayfinder.bench.gslb.FailoverBench "${1:-10}" "${2:-wayfinder}" "${3:-both}"
