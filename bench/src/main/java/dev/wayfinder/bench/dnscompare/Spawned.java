package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts (servers, dnsperf), so that a shutdown of this JVM (Ctrl-C, or
 * the script's trap sending SIGTERM) stops them all. Their pids and start times also go to a file
 * that the script's trap reads should this JVM be killed outright; the start time lets it tell a
 * process of ours from a later one that reused the pid.
 */
final class Spawned {

    private final Path pidFile;
    private final Set<ProcessHandle> live = ConcurrentHashMap.newKeySet();

    Spawned(Path pidFile) {
        this.pidFile = pidFile;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "stop-spawned"));
    }

    Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        adopt(p.toHandle());
        return p;
    }

    /** Records a process started by someone else on our behalf (etcd, or a server's forked workers). */
    void adopt(ProcessHandle handle) {
        if (!live.add(handle)) {
            return;
        }
        startTicks(handle.pid()).ifPresent(ticks -> {
            try {
                Files.writeString(pidFile, handle.pid() + " " + ticks + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("could not record pid in " + pidFile, e);
            }
        });
    }

    /** SIGTERM to the process and what it forked, SIGKILL after ten seconds. */
    void stop(ProcessHandle handle) {
        var children = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        live.remove(handle);
        children.forEach(live::remove);
    }

    private void stopAll() {
        live.forEach(ProcessHandle::destroy);
        live.forEach(h -> {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
    static Optional<String> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
