#!/usr/bin/env bash
# Fault suite, DNS server rows (issue 14), full form: garbage UDP/TCP, 2,000 idle + 130 dripping TCP clients
# (also against stock CoreDNS when COREDNS_BIN or coredns on PATH), 65,536 query types, the largest answer
# with EDNS 65,535, etcd SIGKILL + restart after 3, 30 and 150 s. Each row prints its figure; a table for
# RELIABILITY.md comes last. The CI runs the short form of each row (dns-server's reliability tests).
# Usage: bench/faults-dns.sh [rows] [outage seconds] [siege seconds]
#   rows: comma-separated from garbage,siege,qtypes,amplification,outage (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
# Built in one reactor run (nothing installed into ~/.m2); the bench's class path points at the built jars.
./mvnw -q -B -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
if [ -z "${COREDNS_BIN:-}" ] && [ -x ../shared/bin/coredns ]; then
  COREDNS_BIN="$(cd ../shared/bin && pwd)/coredns"
  export COREDNS_BIN
fi
exec java -Xmx1g -XX:+UseG1GC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$CP" dev.wayfinder.bench.faults.DnsFaultsBench "${1:-garbage,siege,qtypes,amplification,outage}" "${2:-3,30,150}" "${3:-60}"
