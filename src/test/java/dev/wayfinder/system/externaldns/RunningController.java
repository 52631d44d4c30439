package dev.wayfinder.system.externaldns;

import dev.wayfinder.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code wayfinder controller} running in this JVM with given arguments and environment, as a Deployment runs it; stopped by {@link #close}. */
final class RunningController implements AutoCloseable {

    private final Thread thread;
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exit = new AtomicInteger(-1);

    RunningController(List<String> args, Map<String, String> env) {
        var line = Main.commandLine(env);
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("controller"), args.stream()).toArray(String[]::new);
        thread = new Thread(() -> exit.set(line.execute(all)), "controller-under-test");
        thread.start();
    }

    /** The exit code once it stopped by itself (a refused argument set exits 2), else -1 while it runs. */
    int exitCode() {
        return exit.get();
    }

    String errors() {
        return err.toString();
    }

    /** Stops it as a SIGTERM would: the command waits for a stop signal, and an interrupt is one (repeated, should one land mid-start). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (thread.isAlive() && System.nanoTime() < deadline) {
            thread.interrupt();
            try {
                thread.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the controller did not stop within 30 s");
        }
    }
}
