package dev.wayfinder.demo;

import ch.qos.logback.classic.Level;
import dev.wayfinder.cli.ExtraCommand;
import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.demo.timeline.StepResult;
import dev.wayfinder.demo.timeline.Timeline;
import dev.wayfinder.demo.timeline.TimelineText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wayfinder demo}: two clusters on this machine, the seed's Service and failover Gslb, and
 * the failover timeline live — what each cluster's DNS answers while the primary's endpoints go
 * down and come back — ending with how long each cluster took.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The failover story, live, on two simulated clusters on this machine.",
            "Starts us-buf (the primary) and us-nyc (each: a Kubernetes API stand-in, etcd, the controller, and stock"
                + " CoreDNS or wayfinder dns), publishes an annotated Service and a failover Gslb, and shows what each"
                + " cluster's DNS answers for fe.gb.foowidgets.k8s while the primary's endpoints go down and come back.",
            "Ends by itself (exit 0; 1 if an answer does not arrive in time); --keep leaves everything running for dig."})
public final class DemoCommand implements ExtraCommand, Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--keep", description = "Leave both clusters running after the story and print dig commands; Ctrl-C stops them.")
    boolean keep;

    @Option(names = "--verbose", description = "Show the components' logs (INFO); by default only warnings.")
    boolean verbose;

    @Option(names = "--store", defaultValue = "auto", description = "auto (etcd when its binary is installed, else memory), etcd or"
            + " memory (the controller's embedded records and DNS server). Default: ${DEFAULT-VALUE}.")
    String store;

    @Option(names = "--dns", defaultValue = "auto", description = "The DNS server over each cluster's etcd: auto (stock CoreDNS when"
            + " $COREDNS_BIN or coredns on PATH names one, else wayfinder dns), coredns or wayfinder. With --store memory the"
            + " controller's embedded server answers. Default: ${DEFAULT-VALUE}.")
    String dns;

    @Option(names = "--gslb-poll-interval", defaultValue = "5s", description = "How often each cluster asks the other for its targets"
            + " (the controller's flag). Default: ${DEFAULT-VALUE}.")
    String pollInterval;

    @Option(names = "--step-limit", defaultValue = "30s", description = "How long each step may take before the demo gives up."
            + " Default: ${DEFAULT-VALUE}.")
    String stepLimit;

    /** Set while --keep waits for Ctrl-C: only then does the shutdown hook wait for the clean stop. */
    private volatile boolean keeping;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoSettings settings = settings();
        quietLogs(verbose);
        long begin = System.nanoTime();
        out.println("wayfinder demo: two clusters on this machine, " + ClusterPair.BUF + " (primary) and " + ClusterPair.NYC);
        out.println(settings.header(CoreDnsBinary::version, SimulatedCluster.Store.available() == SimulatedCluster.Store.ETCD));
        out.flush();
        ClusterPair pair;
        try {
            pair = ClusterPair.start(new ClusterSpec.Timings(settings.poll(), ClusterSpec.Timings.DEFAULTS.peerTimeout(),
                    ClusterSpec.Timings.DEFAULTS.peerGrace()), settings.store(), settings.dns(), new PrintedProgress(out));
        } catch (Exception e) {
            return fail("could not start the clusters: " + message(e));
        }
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            if (keeping) {
                awaitQuietly(closed, Duration.ofSeconds(15));
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("ready in %s: %s's DNS on %s, %s's on %s%n", TimelineText.seconds(Duration.ofNanos(System.nanoTime() - begin)),
                    ClusterPair.BUF, hostPort(pair.buf()), ClusterPair.NYC, hostPort(pair.nyc()));
            int exit = tellTheStory(out, pair, settings.limit());
            if (exit == 0 && keep) {
                keepRunning(out, pair, interrupted);
            }
            return exit;
        } finally {
            long stop = System.nanoTime();
            out.print("stopping both clusters… ");
            out.flush();
            pair.close();
            out.println(TimelineText.seconds(Duration.ofNanos(System.nanoTime() - stop)));
            out.flush();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and waits for this cleanup.
            }
        }
    }

    /** The steps live, then the summary; 1 with a message per cluster if a step's answer never came. */
    private int tellTheStory(PrintWriter out, ClusterPair pair, Duration limit) {
        Consumer<String> print = line -> {
            out.println(line);
            out.flush();
        };
        List<StepResult> results;
        try (Timeline timeline = new Timeline(pair.dnsServers(), Duration.ofMillis(100), print)) {
            results = DemoStory.run(pair, DemoStory.steps(pair), timeline, limit, print);
        }
        out.println();
        out.println("summary: seconds from each step until the cluster's DNS gave the new answer");
        out.print(TimelineText.summary(results));
        out.flush();
        StepResult last = results.get(results.size() - 1);
        if (last.complete()) {
            return 0;
        }
        for (String cluster : last.missed()) {
            fail(cluster + " did not answer " + last.expected().get(cluster) + " for " + last.name() + " within "
                    + TimelineText.seconds(limit) + " (its last answer: " + last.last().get(cluster) + ")");
        }
        return 1;
    }

    private int fail(String message) {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("wayfinder demo: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    private void keepRunning(PrintWriter out, ClusterPair pair, CountDownLatch interrupted) throws InterruptedException {
        out.println();
        out.println("both clusters keep running; ask them yourself:");
        for (SimulatedCluster c : pair.both()) {
            out.printf("  dig @%s -p %d %s        # %s%n", c.dnsAddress().getAddress().getHostAddress(), c.dnsAddress().getPort(),
                    Seed.GSLB_HOST, c.geoTag());
        }
        out.printf("  dig @%s -p %d %s%n", pair.buf().dnsAddress().getAddress().getHostAddress(), pair.buf().dnsAddress().getPort(),
                Seed.NGINX_HOST);
        out.println("Ctrl-C stops them.");
        out.flush();
        keeping = true;
        interrupted.await();
        // Ctrl-C: the JVM's shutdown hooks stop each etcd at once, under the DNS servers' watches; their warnings say nothing new.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        out.println();
    }

    private static String hostPort(SimulatedCluster c) {
        return c.dnsAddress().getAddress().getHostAddress() + ":" + c.dnsAddress().getPort();
    }

    private DemoSettings settings() {
        DemoSettings.Machine machine = new DemoSettings.Machine(SimulatedCluster.Store.available(), CoreDnsBinary.find(),
                CoreDnsBinary.whyMissing());
        try {
            return DemoSettings.of(store, dns, pollInterval, stepLimit, machine);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** WARN and above only (the components log every change at INFO), unless --verbose. */
    private static void quietLogs(boolean verbose) {
        Level level = verbose ? Level.INFO : Level.WARN;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
        // fabric8 warns once that the Gslb API is v1beta1: true, and not the reader's concern.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils"))
                .setLevel(verbose ? Level.WARN : Level.ERROR);
        LOG.debug("log level {}", level);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void awaitQuietly(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "  starting etcd for us-buf… 0.31 s", one line per part. */
    private static final class PrintedProgress implements Progress {
        private final PrintWriter out;

        PrintedProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public <T> T step(String what, Callable<T> work) throws Exception {
            out.print("  " + what + "… ");
            out.flush();
            long t0 = System.nanoTime();
            try {
                T result = work.call();
                out.println(TimelineText.seconds(Duration.ofNanos(System.nanoTime() - t0)));
                return result;
            } catch (Exception | Error e) {
                out.println("failed");
                throw e;
            } finally {
                out.flush();
            }
        }
    }
}
