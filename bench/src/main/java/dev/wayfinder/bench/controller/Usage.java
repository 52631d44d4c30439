package dev.wayfinder.bench.controller;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a phase of the benchmark cost, as counters read before and after it: figures that depend
 * little on what else the shared machine runs (CPU seconds, bytes allocated, etcd round trips)
 * beside the wall time, which does. Allocation is kept per thread, so a phase's figure is what the
 * threads alive at its end allocated during it (a thread that ended meanwhile no longer makes it
 * shrink); the reconcile thread's CPU is read on its own.
 */
record Usage(long wallNanos, long processCpuNanos, long reconcileCpuNanos, Map<Long, Long> allocatedByThread, long gcCount,
             long gcMillis, long mockCpuNanos, long etcdCpuNanos, long roundTrips) {

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Reads every counter now. */
    static Usage now(ProcessHandle mock, Optional<ProcessHandle> etcd, long roundTrips) {
        Map<Long, Long> allocated = new HashMap<>();
        long reconcile = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long bytes = THREADS.getThreadAllocatedBytes(id);
            if (bytes > 0) {
                allocated.put(id, bytes);
            }
        }
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("reconcile")) {
                reconcile += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new Usage(System.nanoTime(), OS.getProcessCpuTime(), reconcile, Map.copyOf(allocated), gcCount, gcMillis, cpu(mock),
                etcd.map(Usage::cpu).orElse(0L), roundTrips);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** The counters' growth from {@code before} to this reading (allocation: by the threads alive at the end). */
    Usage since(Usage before) {
        Map<Long, Long> grown = new HashMap<>();
        allocatedByThread.forEach((id, bytes) -> grown.put(id, bytes - before.allocatedByThread.getOrDefault(id, 0L)));
        return new Usage(wallNanos - before.wallNanos, processCpuNanos - before.processCpuNanos, reconcileCpuNanos - before.reconcileCpuNanos,
                Map.copyOf(grown), gcCount - before.gcCount, gcMillis - before.gcMillis,
                mockCpuNanos - before.mockCpuNanos, etcdCpuNanos - before.etcdCpuNanos, roundTrips - before.roundTrips);
    }

    long allocatedBytes() {
        return allocatedByThread.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line: wall time, then CPU by process, then the controller JVM's allocation and GC. */
    String describe(int per) {
        String unit = per > 1 ? " per change" : "";
        return String.format("wall %.2f s; CPU%s: controller JVM %.3f s (reconcile thread %.3f s), mock API %.3f s, etcd %.3f s;"
                        + " controller JVM allocated %.1f MB%s, %d GCs (%d ms); %s etcd round trips%s",
                wallNanos / 1e9, unit, processCpuNanos / 1e9 / per, reconcileCpuNanos / 1e9 / per, mockCpuNanos / 1e9 / per,
                etcdCpuNanos / 1e9 / per, allocatedBytes() / 1048576.0 / per, unit, gcCount, gcMillis,
                per > 1 ? String.format("%.2f", roundTrips / (double) per) : String.valueOf(roundTrips), unit);
    }
}
