#!/usr/bin/env bash
# Fault suite, controller rows (issue 14), full form: etcd SIGKILL + restart after 3, 30 and 150 s; etcd reloaded from
# an older backup and wiped; a compaction storm; the API link cut; a controller JVM SIGKILLed mid-apply of 2,000 names;
# two writers with one owner id. Each row prints its figure; a table for RELIABILITY.md comes last. The CI runs the
# short form of each row (src/test/.../system/reliability).
# Usage: bench/faults-controller.sh [rows] [outage seconds] [names]
#   rows: comma-separated from outage,restore,compaction,apicut,kill,writers (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
# Built in one reactor run (nothing installed into ~/.m2); the bench's class path points at the built jars.
./mvnw -q -B -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-INFO}"
exec java -Xmx1g -XX:+UseG1GC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$CP" \
  dev.wayfinder.bench.faults.ControllerFaultsBench "${1:-outage,restore,compaction,apicut,kill,writers}" "${2:-3,30,150}" "${3:-2000}"
