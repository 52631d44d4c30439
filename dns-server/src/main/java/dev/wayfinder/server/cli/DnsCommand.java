package dev.wayfinder.server.cli;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.LeaseTtl;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.answer.ZoneNames;
import dev.wayfinder.server.etcd.EtcdSnapshotFeed;
import dev.wayfinder.server.gslb.GeoMap;
import dev.wayfinder.server.gslb.GslbPolicy;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.server.ops.OpsServer;
import dev.wayfinder.server.snapshot.LeaseTable;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.transport.ResolverUpstream;
import dev.wayfinder.server.xfr.Cidr;
import dev.wayfinder.server.xfr.Notifier;
import dev.wayfinder.server.xfr.TransferConfig;
import dev.wayfinder.server.xfr.TsigKey;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wayfinder dns}: the authoritative DNS server over the SkyDNS tree in etcd. */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Serves the SkyDNS tree in etcd over DNS, answering exactly as CoreDNS's etcd plugin, from an in-memory snapshot kept current by an etcd watch.")
public final class DnsCommand implements Callable<Integer> {

    /** How often known etcd leases are asked about again (keep-alives move their deadlines). */
    private static final Duration LEASE_REFRESH = Duration.ofSeconds(5);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Counted down once the server answers queries; {@link #stop()} ends {@link #call()} (tests, embedding). */
    final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile InetSocketAddress boundAddress;
    volatile InetSocketAddress opsAddress;
    // What the feed has loaded: InProcessDns waits for the first snapshot before it hands the server to a test.
    private volatile SnapshotStore loadedStore;

    void stop() {
        stopped.countDown();
    }

    @Option(names = "--listen", defaultValue = "0.0.0.0:53", description = "UDP and TCP address to answer on (HOST:PORT). Default: ${DEFAULT-VALUE}")
    String listen;

    @Option(names = "--zone", required = true, arity = "1..*", split = ",", description = "Zones to answer for (longest match wins); other names are REFUSED. CIDR blocks become reverse zones, as in CoreDNS (10.0.0.0/24 → 0.0.10.in-addr.arpa.; 10.0.0.0/23 → two zones).")
    List<String> zones;

    @CommandLine.Mixin
    EtcdOptions etcd = new EtcdOptions();

    @Option(names = {"--etcd-prefix", "--coredns-prefix"}, defaultValue = "/skydns", description = "Key prefix, as CoreDNS's etcd 'path'. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Option(names = "--upstream", defaultValue = "none", description = "Resolver for out-of-zone CNAME/SRV/MX targets: none or HOST:PORT. Default: ${DEFAULT-VALUE}")
    String upstream;

    @Option(names = "--ops-listen", defaultValue = "0.0.0.0:8080", description = "Address of /metrics, /healthz and /readyz, or 'none'. Default: ${DEFAULT-VALUE}")
    String opsListen;

    @Option(names = "--max-staleness", defaultValue = "0s", description = "/readyz fails once the snapshot lags etcd longer than this (0s: never; it keeps serving either way). Default: ${DEFAULT-VALUE}")
    String maxStaleness;

    @CommandLine.Mixin
    TransportOptions transport = new TransportOptions();

    @Option(names = "--geo", split = ",", description = "Client CIDR to geo tag for geoip Gslbs, e.g. 10.1.0.0/16=eu (repeatable).")
    List<String> geo = new ArrayList<>();

    @Option(names = "--axfr-allow", split = ",", paramLabel = "CIDR",
            description = "Enables zone transfers (AXFR; IXFR gets the whole zone) for clients in these blocks (repeatable). Off by default. "
                    + "With --tsig-key as well, a transfer needs both the address and a valid signature.")
    List<String> axfrAllow = new ArrayList<>();

    @Option(names = "--tsig-key", paramLabel = "NAME:ALG:SECRET",
            description = "TSIG key (BIND's names, e.g. xfr:hmac-sha256:BASE64; or $WAYFINDER_TSIG_KEY). Enables zone transfers for "
                    + "signed requests only, signs their replies and the NOTIFY messages; signed queries that fail verification get NOTAUTH.")
    String tsigKey;

    @Option(names = "--notify", paramLabel = "HOST:PORT",
            description = "Secondary sent a NOTIFY for every zone after each change (at most one round a second, retried; repeatable). Needs --axfr-allow or --tsig-key.")
    List<String> notify = new ArrayList<>();

    @Option(names = "--warm-up-queries", defaultValue = "20000", paramLabel = "N",
            description = "Synthetic queries answered against the first snapshot before /readyz reports ready, so the first seconds "
                    + "of real traffic meet compiled code (0: none). Default: ${DEFAULT-VALUE}")
    int warmUpQueries;

    @Option(names = "--prepared-answers", defaultValue = "true", negatable = true, fallbackValue = "true", arity = "0..1",
            description = "Answer from replies prepared ahead in wire form whenever they are exactly what the answerer would send "
                    + "(--no-prepared-answers: every query takes the full path). Default: ${DEFAULT-VALUE}")
    boolean preparedAnswers;

    @Option(names = "--min-lease-ttl", defaultValue = "", paramLabel = "DURATION",
            description = "Lower bound of a TTL taken from a key's etcd lease, as CoreDNS's min-lease-ttl: seconds or a Go duration (30, 30s, 5m, 2h30m); 0 or empty: 30s.")
    String minLeaseTtl;

    @Option(names = "--max-lease-ttl", defaultValue = "", paramLabel = "DURATION",
            description = "Upper bound of a TTL taken from a key's etcd lease, as CoreDNS's max-lease-ttl; 0 or empty: 86400s (24h).")
    String maxLeaseTtl;

    /** Runs the command on its own (the {@code wayfinder} CLI registers it as {@code wayfinder dns}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DnsCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        InetSocketAddress dnsAddress;
        Duration staleLimit;
        GeoMap geoMap;
        TransferConfig transfers;
        DnsServer.Settings settings;
        long minLease;
        long maxLease;
        try {
            minLease = DurationOptions.seconds("--min-lease-ttl", minLeaseTtl, LeaseTtl.DEFAULT_MIN);
            maxLease = DurationOptions.seconds("--max-lease-ttl", maxLeaseTtl, LeaseTtl.DEFAULT_MAX);
            dnsAddress = HostPort.parse("--listen", listen);
            staleLimit = DurationOptions.duration("--max-staleness", maxStaleness);
            geoMap = GeoMap.parse(geo);
            transfers = transferConfig(System.getenv());
            zones = zones(zones);
            settings = transport.settings();
            HostPort.parse("--upstream", "none".equalsIgnoreCase(upstream) ? ":0" : upstream);
            if (!"none".equalsIgnoreCase(opsListen)) {
                HostPort.parse("--ops-listen", opsListen);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EtcdConnection connection = connection(System.getenv());
        List<String> problems = connection.validate();
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid etcd settings: " + String.join("; ", problems));
        }
        SkyDnsKeys keys = new SkyDnsKeys(prefix);
        Upstream up = "none".equalsIgnoreCase(upstream) ? Upstream.NONE
                : new ResolverUpstream(HostPort.parse("--upstream", upstream), Duration.ofSeconds(2));
        AddressPolicy policy = new GslbPolicy(geoMap, () -> ThreadLocalRandom.current().nextDouble());

        Clock clock = Clock.systemUTC();
        SnapshotStore store = new SnapshotStore(clock);
        loadedStore = store;
        LeaseTtl leaseTtl = new LeaseTtl(new LeaseTable(), minLease, maxLease);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        // The feed starts first: its initial load (client set-up, range read) overlaps the listeners' start.
        // It makes its own etcd clients, so it can replace one whose reconnection is backing off.
        try (EtcdSnapshotFeed feed = EtcdSnapshotFeed.reconnecting(connection::connect, keys.prefix(), store, Duration.ofSeconds(2),
                leaseTtl.leases(), LEASE_REFRESH, clock);
             DnsRuntime dns = startFeedThenDns(feed, new DnsRuntime.Config(dnsAddress, zones, keys, up, policy, settings, transfers,
                     Math.max(0, warmUpQueries), preparedAnswers), store,
                     registry, clock, leaseTtl);
             AutoCloseable ops = startOps(registry, store, staleLimit, dns)) {
            boundAddress = dns.address();
            spec.commandLine().getOut().printf("wayfinder dns: answering for %s on %s (UDP+TCP), etcd %s prefix %s%n",
                    zones, dns.address(), connection.endpoints(), keys.prefix());
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dns-shutdown"));
            started.countDown();
            stopped.await();
        }
        return 0;
    }

    /** True once the first snapshot has been read from etcd. */
    boolean snapshotLoaded() {
        SnapshotStore s = loadedStore;
        return s != null && s.isLoaded();
    }

    private static DnsRuntime startFeedThenDns(EtcdSnapshotFeed feed, DnsRuntime.Config config, SnapshotStore store,
                                               PrometheusMeterRegistry registry, Clock clock, LeaseTtl leaseTtl) throws java.io.IOException {
        feed.start(Duration.ofSeconds(1));
        return DnsRuntime.start(config, store, registry, clock, Notifier.Timing.defaults(), leaseTtl);
    }

    private AutoCloseable startOps(PrometheusMeterRegistry registry, SnapshotStore store, Duration staleLimit, DnsRuntime dns)
            throws java.io.IOException {
        if ("none".equalsIgnoreCase(opsListen)) {
            return () -> { };
        }
        HealthCheck live = HealthCheck.of("dns", () -> HealthCheck.Result.ok("listening"));
        HealthCheck ready = HealthCheck.of("snapshot", () -> dns.isWarm() || !store.isLoaded() ? readiness(store, staleLimit)
                : HealthCheck.Result.failing("snapshot loaded, warming up (--warm-up-queries)"));
        OpsServer ops = OpsServer.start(HostPort.parse("--ops-listen", opsListen), registry, List.of(live), List.of(ready));
        opsAddress = ops.address();
        return ops;
    }

    /** Ready once a snapshot is loaded; stale snapshots are reported, and fail only past {@code --max-staleness}. */
    static HealthCheck.Result readiness(SnapshotStore store, Duration staleLimit) {
        if (!store.isLoaded()) {
            return HealthCheck.Result.failing("no snapshot loaded from etcd yet");
        }
        String detail = "revision " + store.current().revision() + ", " + store.current().size() + " keys";
        if (store.isInSync()) {
            return HealthCheck.Result.ok(detail + ", following etcd");
        }
        Duration stale = store.staleness();
        String msg = detail + ", etcd unreachable: serving a snapshot " + stale.toSeconds() + "s stale";
        return !staleLimit.isZero() && stale.compareTo(staleLimit) > 0 ? HealthCheck.Result.failing(msg) : HealthCheck.Result.ok(msg);
    }

    /**
     * {@code --zone} as CoreDNS reads zone arguments (the answerer's {@link ZoneNames}: CIDR blocks become
     * reverse zones), except that a malformed CIDR is an error here rather than silently a strange name.
     */
    static List<String> zones(List<String> given) {
        for (String z : given) {
            int slash = z.indexOf('/');
            if (slash > 0 && dev.wayfinder.model.IpLiteral.parse(z.substring(0, slash).trim()).isPresent()
                    && ZoneNames.normalize(List.of(z.trim())).equals(List.of(z.trim().toLowerCase(java.util.Locale.ROOT) + "."))) {
                throw new IllegalArgumentException("--zone: '" + z + "' is not a valid CIDR block (prefix length out of range?)");
            }
        }
        return ZoneNames.normalize(given.stream().map(String::trim).toList());
    }

    /** The transfer options, checked: bad blocks, keys and addresses name their option. */
    TransferConfig transferConfig(Map<String, String> env) {
        List<Cidr> allow = axfrAllow.stream().map(c -> Cidr.parse("--axfr-allow", c)).toList();
        String keyText = tsigKey != null ? tsigKey : env.get("WAYFINDER_TSIG_KEY");
        Optional<TsigKey> key = keyText == null || keyText.isBlank() ? Optional.empty() : Optional.of(TsigKey.parse("--tsig-key", keyText));
        List<InetSocketAddress> targets = notify.stream().map(n -> HostPort.parse("--notify", n)).toList();
        TransferConfig config = new TransferConfig(allow, key, targets);
        if (!targets.isEmpty() && !config.enabled()) {
            throw new IllegalArgumentException("--notify: secondaries could not transfer the zone; add --axfr-allow or --tsig-key");
        }
        return config;
    }

    EtcdConnection connection(Map<String, String> env) {
        return etcd.connection(env);
    }

    @Override
    public String toString() {
        return "dns " + Arrays.asList(listen, zones, etcd.urls, prefix, upstream);
    }
}
