#!/usr/bin/env bash
# GSLB start-up and scale with a dead peer (issue 13, item 4): N Gslbs (default 300) in fabric8's CRUD mock API,
# the controller with the in-memory provider, with no peer and with one black-holed peer (1 s timeout). Cold start
# (Gslbs there before the controller) and N new Gslbs in a running controller with a Service update right behind
# them. Prints Markdown rows for BENCHMARKS.md. Usage: bench/gslb-startup.sh [hosts] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE="bench/target/gslb-startup.classpath"
# One reactor build of the bench and what it needs (nothing installed); the classpath points into the modules' targets.
./mvnw -q -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=compile
CP="bench/target/classes:$(cat "$CP_FILE")"
export WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}"
exec java -Xmx512m -XX:+UseG1GC -cp "$CP" dev.wayfinder.bench.gslb.StartupBench "${1:-300}" "${2:-3}"
