#!/usr/bin/env bash
# Differential test at scale (issue 11): `wayfinder dns` against stock CoreDNS over one etcd, N generated
# SkyDNS trees with 50 generated questions each (CI runs 200 trees). Prints the run's figures: trees,
# questions, how many replies were the same and how many each row of dns-server/CONFORMANCE.md
# explained, and the time; fails on any unexplained difference (the tree and both replies are in
# src/test/target/surefire-reports/dev.wayfinder.system.differential.DifferentialTest*.txt).
# Needs etcd and CoreDNS ($COREDNS_BIN, or coredns on PATH; ../shared/bin/coredns is used when there).
# Usage: bench/differential.sh [trees]
set -euo pipefail
cd "$(dirname "$0")/.."
TREES="${1:-2000}"
if [ -z "${COREDNS_BIN:-}" ] && [ -x ../shared/bin/coredns ]; then
  COREDNS_BIN="$(cd ../shared/bin && pwd)/coredns"
  export COREDNS_BIN
fi
export WAYFINDER_REQUIRE_COREDNS=1
start=$(date +%s)
status=0
mkdir -p bench/target
LOG=bench/target/differential.log
./mvnw -B -q verify -pl src/test -am -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djqwik.tries.default="$TREES" >"$LOG" 2>&1 || status=$?
report=src/test/target/surefire-reports/dev.wayfinder.system.differential.DifferentialTest-output.txt
grep -h "differential run" "$report" | sed 's/.* - //' || true
echo "wall time including the build: $(( $(date +%s) - start )) s; machine: $(nproc) cores, $(uname -m); log: $LOG"
exit "$status"
