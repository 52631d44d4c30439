package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.charts.DeployManifestsTest.Repo;
import dev.wayfinder.cli.Main;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.ProviderKind;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.config.SourceKind;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.settings.PeerAddress;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The manifests against the real command line: the controller's arguments in the base and in each overlay
 * go through {@code wayfinder controller}'s flag parser and its configuration checks (a renamed or
 * misspelt flag, a bad peer, a zone that does not fit fails the build), and every Corefile is what
 * {@code wayfinder corefile} prints for the zone the controller writes.
 */
class DeployManifestsCliTest {

    static final Path DEPLOY = DeployManifestsTest.DEPLOY;
    static final Map<String, HasMetadata> BASE = Repo.build(DEPLOY.resolve("base"));
    static final List<String> OVERLAYS = List.of("us-buf", "us-nyc");

    static Container controllerContainer(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("controller")).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + d.getMetadata().getName() + " has no container 'controller'"));
    }

    /** Stands in for values the kubelet injects from Secrets (valid base64, as a TSIG secret must be). */
    static final String SECRET_STAND_IN = "c3RhbmQtaW4tc2VjcmV0";

    /**
     * The container's environment, a value from a Secret stood in for (a {@code *_TSIG_KEY} holds {@code NAME:ALG:SECRET});
     * those from the downward API, such as POD_NAME, have no value here.
     */
    static Map<String, String> env(Container c) {
        return c.getEnv() == null ? Map.of() : c.getEnv().stream()
                .filter(e -> e.getValue() != null || e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() != null ? e.getValue()
                        : e.getName().endsWith("_TSIG_KEY") ? "stand-in:hmac-sha256:" + SECRET_STAND_IN : SECRET_STAND_IN));
    }

    /**
     * The checked configuration the container's arguments and environment give: picocli's parse of the
     * `wayfinder` command line (flags from {@code EXTERNAL_DNS_*} variables too), then the controller's own checks ({@link ControllerConfig#from}), which
     * report every violation by flag. The command's raw settings and environment are package-private
     * seams, reached by reflection.
     */
    static ControllerConfig config(List<String> args, Map<String, String> env) throws Exception {
        assertThat(args).as("the container's first argument is the subcommand").first().isEqualTo("controller");
        CommandLine line = Main.commandLine();
        line.getSubcommands().get("controller").setDefaultValueProvider(ChartCliTest.externalDnsEnvironment(env));
        CommandLine.ParseResult parsed = line.parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand()).isNotNull();
        assertThat(parsed.subcommand().unmatched()).as("arguments the controller does not know").isEmpty();
        Object command = parsed.subcommand().commandSpec().userObject();
        var envField = command.getClass().getDeclaredField("env");
        envField.setAccessible(true);
        envField.set(command, env);
        var raw = command.getClass().getDeclaredMethod("raw");
        raw.setAccessible(true);
        return ControllerConfig.from((RawSettings) raw.invoke(command));
    }

    static String corefile(String zone, String etcdUrls, int port) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("corefile", "--zone", zone, "--etcd-urls", etcdUrls, "--port", Integer.toString(port));
        assertThat(code).as("wayfinder corefile: " + err).isZero();
        return out.toString();
    }

    static Deployment overlayController(String cluster) {
        return (Deployment) Repo.objects(DEPLOY.resolve("overlays/" + cluster + "/controller.yaml")).get(0);
    }

    static String loadBalancerIp(String cluster) {
        Service s = (Service) Repo.objects(DEPLOY.resolve("overlays/" + cluster + "/coredns-service.yaml")).get(0);
        return s.getSpec().getLoadBalancerIP();
    }

    static String overlayCorefile(String cluster) {
        return ((ConfigMap) Repo.objects(DEPLOY.resolve("overlays/" + cluster + "/coredns-corefile.yaml")).get(0)).getData().get("Corefile");
    }

    static int corednsPort() {
        Deployment coredns = (Deployment) BASE.get(Repo.id("Deployment", "wayfinder", "coredns"));
        return coredns.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> "dns".equals(p.getName())).findFirst().orElseThrow().getContainerPort();
    }

    @Test
    void theBaseControllerArgumentsParseAndPassTheControllersChecks() throws Exception {
        Container c = controllerContainer(Repo.controller(BASE));

        ControllerConfig config = config(c.getArgs(), env(c));

        assertThat(config.sources()).containsExactlyInAnyOrder(SourceKind.SERVICE, SourceKind.INGRESS, SourceKind.GSLB);
        assertThat(config.providers()).containsExactly(ProviderKind.COREDNS);
        assertThat(config.etcd().endpoints()).containsExactly("http://etcd.wayfinder.svc:2379");
        assertThat(config.metricsAddress()).get().extracting(InetSocketAddress::getPort).isEqualTo(7979);
        assertThat(config.leaderElection().enabled()).isTrue();
        assertThat(config.leaderElection().namespace()).isEqualTo("wayfinder");
        assertThat(config.domainFilter().include()).containsExactly(DnsName.of("foowidgets.k8s"));
        assertThat(config.gslb()).get().satisfies(g -> assertThat(g.peers()).isEmpty());
    }

    @Test
    void aRenamedFlagFailsTheParse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(List.of("controller", "--source=service", "--geo-tag=us-buf"), Map.of()))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class).hasMessageContaining("--geo-tag");
    }

    @Test
    void eachOverlayIsItsClusterWithTheOtherAsPeer() throws Exception {
        Container base = controllerContainer(Repo.controller(BASE));
        for (String cluster : OVERLAYS) {
            String other = OVERLAYS.stream().filter(o -> !o.equals(cluster)).findFirst().orElseThrow();
            Container c = controllerContainer(overlayController(cluster));
            assertThat(c.getEnv()).as(cluster + ": the patch adds only the push's key, from a Secret, to the base's environment")
                    .singleElement().satisfies(e -> {
                        assertThat(e.getName()).isEqualTo("EXTERNAL_DNS_GSLB_NOTIFY_TSIG_KEY");
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wayfinder-gslb-notify");
                    });
            ControllerConfig config = config(c.getArgs(), overlayEnv(cluster));

            assertThat(config.ownerId()).as(cluster).isEqualTo(cluster);
            assertThat(config.sources()).as(cluster).containsExactlyInAnyOrder(SourceKind.SERVICE, SourceKind.INGRESS, SourceKind.GSLB);
            assertThat(config.providers()).as(cluster).containsExactly(ProviderKind.COREDNS);
            assertThat(config.leaderElection().enabled()).as(cluster).isTrue();
            GslbSettings gslb = config.gslb().orElseThrow();
            assertThat(gslb.clusterGeoTag()).isEqualTo(cluster);
            assertThat(gslb.zones()).containsExactly(DnsName.of("gb.foowidgets.k8s"));
            assertThat(gslb.edgeDnsZone()).contains(DnsName.of("foowidgets.k8s"));
            assertThat(gslb.peers()).as(cluster + ": peers").containsExactly(
                    new PeerAddress(other, List.of(new InetSocketAddress(loadBalancerIp(other), 53))));
            assertThat(gslb.exposedIps()).as(cluster + ": glue").containsExactly(loadBalancerIp(cluster));
            assertThat(loadBalancerIp(cluster)).as(cluster).isNotEqualTo(loadBalancerIp(other));
            assertThat(config.gslbNotifyKey()).as(cluster + ": push on").isPresent();
            assertThat(gslb.push().listen()).as(cluster).contains(new InetSocketAddress("0.0.0.0", notifyPort()));
            assertThat(gslb.push().peerTargets()).as(cluster + ": the other's notify Service")
                    .containsExactly(Map.entry(other, List.of(new InetSocketAddress(notifyIp(other), notifyPort()))));
            assertThat(notifyIp(cluster)).as(cluster).isNotEqualTo(notifyIp(other)).isNotEqualTo(loadBalancerIp(cluster));
        }
    }

    /** An overlay's controller environment: the base's, with what its patch adds (env merges by name). */
    static Map<String, String> overlayEnv(String cluster) {
        Map<String, String> env = new java.util.HashMap<>(env(controllerContainer(Repo.controller(BASE))));
        env.putAll(env(controllerContainer(overlayController(cluster))));
        return env;
    }

    static String notifyIp(String cluster) {
        Service s = (Service) Repo.objects(DEPLOY.resolve("overlays/" + cluster + "/gslb-notify-service.yaml")).get(0);
        return s.getSpec().getLoadBalancerIP();
    }

    /** The base's notify Service port: UDP, onto the controller's gslb-notify container port, the same number. */
    static int notifyPort() {
        Service svc = (Service) BASE.get(Repo.id("Service", "wayfinder", "wayfinder-gslb-notify"));
        ServicePort port = svc.getSpec().getPorts().get(0);
        assertThat(port.getProtocol()).isEqualTo("UDP");
        assertThat(controllerContainer(Repo.controller(BASE)).getPorts()).anySatisfy(cp -> {
            assertThat(cp.getName()).isEqualTo(port.getTargetPort().getStrVal());
            assertThat(cp.getProtocol()).isEqualTo("UDP");
            assertThat(cp.getContainerPort()).isEqualTo(port.getPort());
        });
        return port.getPort();
    }

    @Test
    void theBaseCorefileIsWhatWayfinderCorefilePrintsForTheControllersZone() throws Exception {
        Container c = controllerContainer(Repo.controller(BASE));
        ControllerConfig config = config(c.getArgs(), env(c));
        String zone = config.domainFilter().include().get(0).toString();
        String corefile = ((ConfigMap) BASE.get(Repo.id("ConfigMap", "wayfinder", "coredns"))).getData().get("Corefile");

        assertThat(corefile).isEqualTo(corefile(zone, env(c).get("ETCD_URLS"), corednsPort()));
        assertNoOpenRecursion(corefile);
    }

    @Test
    void eachOverlayCorefileServesTheLoadBalancedZone() throws Exception {
        Container base = controllerContainer(Repo.controller(BASE));
        for (String cluster : OVERLAYS) {
            ControllerConfig config = config(controllerContainer(overlayController(cluster)).getArgs(), overlayEnv(cluster));
            String zone = config.domainFilter().include().get(0).toString();

            assertThat(overlayCorefile(cluster)).as(cluster).isEqualTo(corefile(zone, env(base).get("ETCD_URLS"), corednsPort()));
            assertNoOpenRecursion(overlayCorefile(cluster));
        }
    }

    static void assertNoOpenRecursion(String corefile) {
        assertThat(corefile).doesNotContain("forward", "proxy", "fallthrough").doesNotStartWith(".:").doesNotContain("\n.:");
    }

    @Test
    void theDnsServicePublishesTheCoreDnsPortOnUdpAndTcp53() {
        Service svc = (Service) BASE.get(Repo.id("Service", "wayfinder", "coredns"));
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getPorts()).extracting(ServicePort::getProtocol, ServicePort::getPort)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("UDP", 53), org.assertj.core.groups.Tuple.tuple("TCP", 53));
        Deployment coredns = (Deployment) BASE.get(Repo.id("Deployment", "wayfinder", "coredns"));
        var ports = coredns.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
        for (ServicePort p : svc.getSpec().getPorts()) {
            assertThat(ports).as("target of " + p.getName()).anySatisfy(cp -> {
                assertThat(cp.getName()).isEqualTo(p.getTargetPort().getStrVal());
                assertThat(cp.getProtocol()).isEqualTo(p.getProtocol());
                assertThat(cp.getContainerPort()).isEqualTo(corednsPort());
            });
        }
    }

    @Test
    void etcdIsWhereTheControllerAndCoreDnsLookForIt() {
        Container c = controllerContainer(Repo.controller(BASE));
        Service etcd = (Service) BASE.get(Repo.id("Service", "wayfinder", "etcd"));
        String url = "http://" + etcd.getMetadata().getName() + "." + etcd.getMetadata().getNamespace() + ".svc:"
                + etcd.getSpec().getPorts().get(0).getPort();
        assertThat(env(c)).containsEntry("ETCD_URLS", url);
    }
}
