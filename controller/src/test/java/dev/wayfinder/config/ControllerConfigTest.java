package dev.wayfinder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

    static RawSettings raw(List<String> sources, String provider, String policy, String interval, String owner, String label,
                           double share, Map<String, String> etcd) {
        return new RawSettings(sources, provider, List.of("foowidgets.k8s"), List.of("internal.foowidgets.k8s"), owner, policy, interval,
                false, false, "", "", label, "", "/skydns/", 300, ":7979", share, false, false, "default", "wayfinder", "", etcd);
    }

    @Test
    void externalDnsDeploymentArgumentsAreAccepted() throws Exception {
        ControllerConfig c = ControllerConfig.from(raw(List.of("service", "ingress"), "coredns", "upsert-only", "1m", "cluster-a", "",
                0.5, Map.of("ETCD_URLS", "http://etcd:2379", "ETCD_USERNAME", "root", "ETCD_PASSWORD", "s3cret")));
        assertThat(c.sources()).containsExactlyInAnyOrder(SourceKind.SERVICE, SourceKind.INGRESS);
        assertThat(c.policy()).isEqualTo(Policy.UPSERT_ONLY);
        assertThat(c.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.domainFilter().matches(dev.wayfinder.model.DnsName.of("a.foowidgets.k8s"))).isTrue();
        assertThat(c.domainFilter().matches(dev.wayfinder.model.DnsName.of("a.internal.foowidgets.k8s"))).isFalse();
        assertThat(c.metricsAddress()).get().extracting(a -> a.getPort()).isEqualTo(7979);
        assertThat(c.toString()).contains("root").doesNotContain("s3cret");
    }

    @Test
    void everyViolationIsReportedTogether() {
        assertThatThrownBy(() -> ControllerConfig.from(raw(List.of("service", "gateway"), "route53", "yolo", "soon", "", "a in b", 1.5,
                Map.of("ETCD_URLS", "ftp://x"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v).startsWith("--source").contains("gateway"))
                        .anySatisfy(v -> assertThat(v).startsWith("--provider").contains("route53"))
                        .anySatisfy(v -> assertThat(v).startsWith("--policy").contains("yolo"))
                        .anySatisfy(v -> assertThat(v).startsWith("--interval").contains("soon"))
                        .anySatisfy(v -> assertThat(v).startsWith("--txt-owner-id"))
                        .anySatisfy(v -> assertThat(v).startsWith("--label-filter"))
                        .anySatisfy(v -> assertThat(v).startsWith("--max-delete-share")));
    }

    @Test
    void etcdSettingsAreCheckedForCoreDns() {
        assertThatThrownBy(() -> ControllerConfig.from(raw(List.of("service"), "coredns", "sync", "1m", "a", "", 0.5,
                Map.of("ETCD_URLS", "ftp://x"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v).contains("ETCD_URLS")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "--provider={0}, ETCD_URLS={1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
        "-,        -,                 INMEMORY",
        "-,        http://etcd:2379,  COREDNS",
        "coredns,  -,                 COREDNS",
        "inmemory, http://etcd:2379,  INMEMORY",
    })
    void withoutAProviderEtcdIsUsedOnlyWhenConfigured(String provider, String urls, ProviderKind expected) throws Exception {
        Map<String, String> etcd = urls == null ? Map.of() : Map.of("ETCD_URLS", urls);
        ControllerConfig c = ControllerConfig.from(raw(List.of("service"), provider, "sync", "1m", "a", "", 0.5, etcd));
        assertThat(c.providers()).containsExactly(expected);
    }

    static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";

    static RawSettings withRfc2136(String providers, RawRfc2136 rfc) {
        RawSettings b = raw(List.of("service"), providers, "sync", "1m", "a", "", 0.5, Map.of("ETCD_URLS", "http://etcd:2379"));
        return new RawSettings(b.sources(), b.provider(), b.domainFilters(), b.excludeDomains(), b.ownerId(), b.policy(), b.interval(),
                b.once(), b.dryRun(), b.namespace(), b.annotationFilter(), b.labelFilter(), b.kubeconfig(), b.corednsPrefix(),
                b.defaultTtl(), b.metricsAddress(), b.maxDeleteShare(), b.forceDeletes(), b.leaderElect(), b.leaderElectionNamespace(),
                b.leaderElectionId(), b.serveDns(), b.etcd(), rfc);
    }

    static RawRfc2136 rfc(List<String> hosts, List<String> zones, String secret, String alg, String minTtl, int batch) {
        return new RawRfc2136(hosts, 53, zones, "wayfinder-key", secret, alg, true, false, minTtl, batch, false, "", "", "");
    }

    @Test
    void rfc2136FlagsBecomeTheProvidersConfigAndTheSecretIsNeverShown() throws Exception {
        ControllerConfig c = ControllerConfig.from(withRfc2136("rfc2136", rfc(List.of("10.0.0.53", "10.0.0.54:5353"),
                List.of("foowidgets.k8s"), SECRET, "hmac-sha512", "1m", 20)));
        assertThat(c.providers()).containsExactly(ProviderKind.RFC2136);
        assertThat(c.rfc2136()).get().satisfies(r -> {
            assertThat(r.hosts()).containsExactly("10.0.0.53", "10.0.0.54:5353");
            assertThat(r.zones()).containsExactly(dev.wayfinder.model.DnsName.of("foowidgets.k8s"));
            assertThat(r.tsigSecret()).isEqualTo(SECRET);
            assertThat(r.tsigSecretAlg()).isEqualTo("hmac-sha512");
            assertThat(r.minTtl()).isEqualTo(Duration.ofMinutes(1));
            assertThat(r.batchChangeSize()).isEqualTo(20);
        });
        assertThat(c.toString()).contains("wayfinder-key", "<redacted>").doesNotContain(SECRET);
        assertThat(withRfc2136("rfc2136", rfc(List.of("h"), List.of("z.k8s"), SECRET, "hmac-sha256", "0s", 1)).toString())
                .doesNotContain(SECRET);
    }

    @Test
    void rfc2136ViolationsJoinTheControllersList() {
        assertThatThrownBy(() -> ControllerConfig.from(withRfc2136("rfc2136", rfc(List.of(), List.of("bad..zone"), "not base64!",
                "hmac-md4", "soon", 0))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-zone"))
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-min-ttl").contains("soon"))
                        .allSatisfy(v -> assertThat(v).doesNotContain("not base64!")));
        assertThatThrownBy(() -> ControllerConfig.from(withRfc2136("rfc2136", rfc(List.of(), List.of("foowidgets.k8s"), "not base64!",
                "hmac-md4", "1m", 0))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-host"))
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-tsig-secret:").contains("base64"))
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-tsig-secret-alg").contains("hmac-md4"))
                        .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-batch-change-size"))
                        .allSatisfy(v -> assertThat(v).doesNotContain("not base64!")));
    }

    @Test
    void aZoneOutsideTheDomainFilterIsRefused() {
        assertThatThrownBy(() -> ControllerConfig.from(withRfc2136("rfc2136", rfc(List.of("h"), List.of("example.org"), SECRET,
                "hmac-sha256", "0s", 50))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> assertThat(v).startsWith("--rfc2136-zone").contains("example.org", "--domain-filter")));
    }

    @Test
    void rfc2136FlagsAreIgnoredUnlessItsProviderIsChosen() throws Exception {
        ControllerConfig c = ControllerConfig.from(withRfc2136("coredns", rfc(List.of(), List.of(), "", "nope", "soon", 0)));
        assertThat(c.rfc2136()).isEmpty();
    }

    @Test
    void severalProvidersAreAcceptedOnceEach() throws Exception {
        ControllerConfig c = ControllerConfig.from(withRfc2136("coredns,rfc2136", rfc(List.of("h"), List.of("foowidgets.k8s"), SECRET,
                "hmac-sha256", "0s", 50)));
        assertThat(c.providers()).containsExactly(ProviderKind.COREDNS, ProviderKind.RFC2136);
        assertThatThrownBy(() -> ControllerConfig.from(withRfc2136("coredns,skydns", RawRfc2136.DEFAULTS)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .containsExactly("--provider: coredns is given more than once"));
        assertThatThrownBy(() -> ControllerConfig.from(withRfc2136(",", RawRfc2136.DEFAULTS)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> assertThat(v).startsWith("--provider: at least one")));
    }

    /** Each provider's scope: the domain filter, narrowed for RFC 2136 to the part inside its zones. */
    @org.junit.jupiter.params.ParameterizedTest(name = "filter {0} except {1}, zones {2} -> {3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "-", value = {
        "-                     | -          | foowidgets.k8s          | foowidgets.k8s",
        "foowidgets.k8s        | -          | foowidgets.k8s          | foowidgets.k8s",
        "foowidgets.k8s        | -          | eu.foowidgets.k8s       | eu.foowidgets.k8s",
        "eu.foowidgets.k8s     | -          | foowidgets.k8s          | eu.foowidgets.k8s",
        "foowidgets.k8s,x.org  | -          | foowidgets.k8s,y.org    | foowidgets.k8s",
        "foowidgets.k8s        | internal.foowidgets.k8s | foowidgets.k8s | foowidgets.k8s except internal.foowidgets.k8s",
    })
    void scopeTable(String include, String exclude, String zones, String expected) {
        DomainFilter global = DomainFilter.of(include == null ? List.of() : List.of(include.split(",")),
                exclude == null ? List.of() : List.of(exclude.split(",")));
        assertThat(Rfc2136Settings.scope(global, java.util.Arrays.stream(zones.split(",")).map(dev.wayfinder.model.DnsName::of).toList())
                .toString()).isEqualTo(expected);
    }
}
