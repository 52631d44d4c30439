package dev.wayfinder.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * {@code wayfinder dns} run in this JVM exactly as the subcommand runs (same arguments, same
 * {@link DnsCommand#call()}), so the demo and the two-cluster tests exercise the shipped code path,
 * yet can stop it and start it again on the same port (the demo's and the tests' seam onto the command).
 */
public final class InProcessDns implements AutoCloseable {

    private final DnsCommand command;
    private final CompletableFuture<Integer> exit;
    private final StringWriter output;

    private InProcessDns(DnsCommand command, CompletableFuture<Integer> exit, StringWriter output) {
        this.command = command;
        this.exit = exit;
        this.output = output;
    }

    /**
     * Runs {@code wayfinder dns ARGS} on a thread of its own and returns once it answers queries from its first snapshot of
     * etcd, or after at most 10 s without one (the command itself starts answering after 1 s without one, SERVFAIL until
     * it comes, as CoreDNS does).
     *
     * @throws IllegalStateException naming the arguments and the command's own message if it stops or does not start in time
     */
    public static InProcessDns start(List<String> args, Duration startLimit) {
        DnsCommand command = new DnsCommand();
        StringWriter output = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(output, true));
        line.setErr(new PrintWriter(output, true));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                exit.complete(line.execute(args.toArray(String[]::new)));
            } catch (RuntimeException | Error e) {
                exit.completeExceptionally(e);
            }
        }, "wayfinder-dns");
        runner.setDaemon(true);
        runner.start();
        long deadline = System.nanoTime() + startLimit.toNanos();
        try {
            while (!command.started.await(20, TimeUnit.MILLISECONDS)) {
                if (exit.isDone() || System.nanoTime() > deadline) {
                    command.stop();
                    throw new IllegalStateException("wayfinder dns " + String.join(" ", args) + " did not start"
                            + (exit.isDone() ? "" : " within " + startLimit.toSeconds() + " s") + ": " + output.toString().trim());
                }
            }
            // A server started while etcd is away is handed over anyway, after a bounded wait.
            long loadDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            while (!command.snapshotLoaded() && !exit.isDone() && System.nanoTime() < loadDeadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            command.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting wayfinder dns", e);
        }
        return new InProcessDns(command, exit, output);
    }

    public InetSocketAddress address() {
        return command.boundAddress;
    }

    /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} answer; null with {@code --ops-listen none}. */
    public InetSocketAddress opsAddress() {
        return command.opsAddress;
    }

    /** What the command printed (its start-up line). */
    public String output() {
        return output.toString();
    }

    /** Stops answering and closes the etcd client; returns once the port is released. */
    @Override
    public void close() {
        command.stop();
        try {
            exit.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Already stopping; nothing more to release from here.
        }
    }
}
