#!/usr/bin/env bash
# Side by side (issue 15): `wayfinder dns` and stock CoreDNS (etcd + cache 30, and without cache) over a real
# etcd, and Knot DNS, NSD and BIND over a zone file with the same records, under the same dnsperf load shapes
# (issue 15's -c 8 -T 1, and -c 64 -T 2 -q 1000), at 1,000 and 100,000 names, taking turns round by round.
# Prints each server's queries/s, average and p99 latency and the ratios to the best of Knot, NSD and BIND.
# Everything runs on free loopback ports out of one temporary directory, removed on exit.
#
# Usage: bench/dns-compare.sh [--quick] [--names 1000,100000] [--rounds N] [--seconds S] [--servers a,b,...]
#                             [--shape NAME="DNSPERF OPTIONS"]... [--help]
# Environment: COREDNS_BIN (stock CoreDNS), WAYFINDER_JAVA_OPTS (replaces the server JVM's options),
#              WAYFINDER_DNS_ARGS (more `wayfinder dns` flags), SKIP_BUILD=1 (use the jar as built).
# The report is also written to bench/target/dns-compare/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dnsperf etcd java javac; do
  command -v "$tool" >/dev/null || { echo "dns-compare: $tool is not installed (see README: apt-get install ...)" >&2; exit 1; }
done

# The jar `./wayfinder` runs, and the libraries beside it (the harness reuses EtcdProcess and CoreDnsBinary).
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -DskipTests package -pl demo -am
fi
CP="demo/target/wayfinder.jar" # its manifest names the libraries in demo/target/lib
OUT=bench/target/dns-compare-classes
rm -rf "$OUT" && mkdir -p "$OUT" bench/target/dns-compare
javac -d "$OUT" -cp "$CP" bench/src/main/java/dev/wayfinder/bench/dnscompare/*.java

work="$(mktemp -d "${TMPDIR:-/tmp}/wayfinder-dns-compare.XXXXXX")"
bench_pid=""

# Stops the harness JVM (its shutdown hook stops the servers, dnsperf and etcd), then anything it started that is
# still there, by the pids and start times it recorded (a pid reused since is left alone), and removes the directory.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  if [ -f "$work/pids" ]; then
    while read -r pid ticks; do
      local stat
      stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
      read -r -a fields <<<"${stat##*) }"
      [ "${fields[19]:-}" = "$ticks" ] && kill -KILL "$pid" 2>/dev/null || true
    done <"$work/pids"
  fi
  rm -rf "$work"
  if [ "$status" -eq 130 ] || [ "$status" -eq 143 ]; then
    echo "dns-compare: interrupted; everything it started is stopped and $work is removed" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In the background so that a signal reaches the trap at once rather than after the run.
WAYFINDER_LOG_LEVEL="${WAYFINDER_LOG_LEVEL:-WARN}" \
  java -Xmx1g -XX:+UseG1GC -Djava.io.tmpdir="$work" -cp "$OUT:$CP" dev.wayfinder.bench.dnscompare.DnsCompareBench \
  --work "$work" --wayfinder-jar demo/target/wayfinder.jar --report bench/target/dns-compare/report.md "$@" &
bench_pid=$!
wait "$bench_pid"
