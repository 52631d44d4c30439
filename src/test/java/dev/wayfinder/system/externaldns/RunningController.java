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

    @Override
    public void close() throws InterruptedException {
        thread.interrupt(); // the command waits for a stop signal; an interrupt is one
        thread.join(30_000);
    }
}
