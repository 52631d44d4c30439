package dev.wayfinder.cli;

import dev.wayfinder.server.cli.EtcdOptions;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.InvalidConfigException;
import dev.wayfinder.config.RawSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ch.qos.logback.classic.Level;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wayfinder controller}: ExternalDNS's flags, done right. */
@Command(name = "controller", mixinStandardHelpOptions = true, defaultValueProvider = ExternalDnsEnvironment.class,
        description = {"Publishes annotated Services, Ingresses, DNSEndpoints, Nodes and Pods as DNS records (SkyDNS in etcd for stock CoreDNS),",
            "and balances Gslbs across clusters (--source=gslb).",
            "Accepts ExternalDNS's flags and variables (EXTERNAL_DNS_<FLAG>, ETCD_*)."})
public final class ControllerCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--source", description = "service, ingress, crd, node, pod, gateway-httproute, gateway-grpcroute, gateway-tlsroute, gateway-tcproute,"
            + " gateway-udproute, istio-gateway, istio-virtualservice or gslb; repeatable.", split = "\\r?\\n|,")
    List<String> sources = new ArrayList<>();

    @Option(names = "--provider", split = "\\r?\\n|,", description = "coredns (alias skydns), rfc2136 or inmemory; repeatable, each provider"
            + " planned on its own. Default: coredns when an etcd endpoint is configured (--etcd-urls or ETCD_URLS), else inmemory.")
    List<String> providers = new ArrayList<>();

    @Option(names = "--domain-filter", split = "\\r?\\n|,", description = "Only names at or below these domains; repeatable.")
    List<String> domainFilters = new ArrayList<>();

    @Option(names = "--exclude-domains", split = "\\r?\\n|,", description = "Never names at or below these domains; repeatable.")
    List<String> excludeDomains = new ArrayList<>();

    @Option(names = "--txt-owner-id", defaultValue = "default", description = "This controller's owner id, stored with each record.")
    String ownerId;

    @Option(names = "--policy", defaultValue = "sync", description = "sync, upsert-only or create-only. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--interval", defaultValue = "1m", description = "Resync period (events trigger reconciles in between). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--once", negatable = true, arity = "0..1", fallbackValue = "true", description = "Reconcile once, print the plan, and exit.")
    boolean once;

    @Option(names = "--dry-run", negatable = true, arity = "0..1", fallbackValue = "true", description = "Plan, print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--namespace", description = "Watch only this namespace (default: all).")
    String namespace;

    @Option(names = "--annotation-filter", description = "Label-selector syntax over annotations.")
    String annotationFilter;

    @Option(names = "--label-filter", description = "Label selector over labels.")
    String labelFilter;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: in-cluster or ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--coredns-prefix", defaultValue = "/skydns/", description = "etcd key prefix; CoreDNS's etcd path. Default: ${DEFAULT-VALUE}.")
    String corednsPrefix;

    @Option(names = "--default-ttl", defaultValue = "300", description = "TTL written when an object sets none. Default: ${DEFAULT-VALUE}.")
    long defaultTtl;

    @Option(names = "--metrics-address", defaultValue = ":7979", description = "Serves /metrics, /healthz, /readyz; empty to disable. Default: ${DEFAULT-VALUE}.")
    String metricsAddress;

    @Option(names = "--max-delete-share", defaultValue = "0.5", description = "Refuse a pass deleting more than this share of owned records. Default: ${DEFAULT-VALUE}.")
    double maxDeleteShare;

    @Option(names = "--force-deletes", negatable = true, arity = "0..1", fallbackValue = "true", description = "Apply deletions even past --max-delete-share.")
    boolean forceDeletes;

    @Option(names = "--leader-elect", negatable = true, arity = "0..1", fallbackValue = "true", description = "Run as one of several replicas; only the holder of the Lease writes.")
    boolean leaderElect;

    @Option(names = "--leader-election-namespace", defaultValue = "default", description = "Namespace of the Lease. Default: ${DEFAULT-VALUE}.")
    String leaderElectionNamespace;

    @Option(names = "--leader-election-id", defaultValue = "wayfinder-controller", description = "Name of the Lease. Default: ${DEFAULT-VALUE}.")
    String leaderElectionId;

    @Option(names = "--serve-dns", description = "With --provider=inmemory: also answer DNS on HOST:PORT from the records, as CoreDNS would.")
    String serveDns;

    @Option(names = "--log-level", defaultValue = "info", description = "panic, fatal, error, warning, info, debug or trace."
            + " Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "text", description = "text or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Mixin
    SourceFlagOptions sourceFlags = new SourceFlagOptions();

    @Mixin
    EtcdOptions etcd = new EtcdOptions();

    @Mixin
    Rfc2136Options rfc2136 = new Rfc2136Options();

    @Mixin
    GslbOptions gslb = new GslbOptions();

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    /** The process environment; tests substitute their own. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControllerConfig config = validated(err);
        if (config == null) {
            return 2;
        }
        LOG.info("Starting the controller: {}", config);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KubernetesClient client = kubernetesClient(config)) {
            if (config.once()) {
                try (ControllerApp app = ControllerApp.create(config, client, meters, out)) {
                    app.runOnce(Duration.ofSeconds(60));
                }
                return 0;
            }
            try (ControllerApp app = ControllerApp.start(config, client, meters, out)) {
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
                app.stopped().thenRun(stop::countDown);
                stop.await();
            }
        }
        return 0;
    }

    /** The checked configuration, or null after printing every problem (flags and settings together). */
    ControllerConfig validated(PrintWriter err) {
        ControllerConfig config;
        try {
            config = checked();
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return null;
        }
        LogFormat.apply(LogFormat.level(logLevel).orElseThrow(), logFormat);
        return config;
    }

    /** Every setting checked together; the exception lists every problem. */
    private ControllerConfig checked() throws InvalidConfigException {
        List<String> cliProblems = new ArrayList<>();
        cliProblems.addAll(CatalogueOptions.problems(spec));
        cliProblems.addAll(kubernetes.problems());
        if (!LogFormat.isFormat(logFormat)) {
            cliProblems.add("--log-format: '" + logFormat + "' is not text or json");
        }
        if (LogFormat.level(logLevel).isEmpty()) {
            cliProblems.add("--log-level: '" + logLevel + "' is not panic, fatal, error, warning, info, debug or trace");
        }
        ControllerConfig config = null;
        try {
            config = ControllerConfig.from(raw());
        } catch (InvalidConfigException e) {
            cliProblems.addAll(e.violations());
        }
        if (!cliProblems.isEmpty()) {
            throw new InvalidConfigException(cliProblems);
        }
        return config;
    }

    /**
     * The configuration {@code wayfinder controller ARGS} runs with, {@code env} standing for the process
     * environment ({@code EXTERNAL_DNS_*}, {@code ETCD_*}): parsed and checked exactly as the command does,
     * for callers that then start it through {@link ControllerApp} (tests, embedders).
     */
    public static ControllerConfig configFrom(List<String> args, Map<String, String> env) throws InvalidConfigException {
        ControllerCommand command = new ControllerCommand();
        command.env = env;
        CommandLine line = new CommandLine(command).setDefaultValueProvider(new ExternalDnsEnvironment(env));
        // ExternalDNS's flags this command does not declare are known too, so each is refused with its reason.
        CatalogueOptions.addTo(line.getCommandSpec());
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidConfigException(List.of(e.getMessage()));
        }
        return command.checked();
    }

    RawSettings raw() {
        return new RawSettings(sources, providers.isEmpty() ? null : String.join(",", providers), domainFilters, excludeDomains, ownerId, policy, interval, once, dryRun, namespace,
                annotationFilter, labelFilter, kubeconfig, corednsPrefix, defaultTtl, metricsAddress, maxDeleteShare, forceDeletes,
                leaderElect, leaderElectionNamespace, leaderElectionId, serveDns, etcd.merged(env),
                rfc2136.raw(), gslb.raw(), sourceFlags.raw(), registry.raw());
    }

    private KubernetesClient kubernetesClient(ControllerConfig config) throws java.io.IOException {
        return kubernetes.client(config.kubeconfig());
    }
}
