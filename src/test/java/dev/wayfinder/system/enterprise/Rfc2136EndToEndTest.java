package dev.wayfinder.system.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.ProviderKind;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.controller.ObjectsFixture;
import dev.wayfinder.controller.TestConfigs;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.provider.rfc2136.Rfc2136Provider;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Issue 6, test (c): annotated Service in the (CRUD mock) Kubernetes API → the controller → a real
 * BIND primary zone through signed dynamic UPDATE, checked with DNS queries against named; a record
 * set ExternalDNS owns (owner {@code other}) and one written by hand stay untouched throughout. Then
 * two providers at once, one of them failing: the other still publishes.
 */
@CrudMockApi
class Rfc2136EndToEndTest {

    static final String ZONE = "foowidgets.k8s";

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones(ZONE).wipeBeforeEach().build();

    static KubernetesClient client;

    /** What ExternalDNS (owner "other") and an operator wrote into the zone before Wayfinder came. */
    @BeforeEach
    void seedForeignRecords() throws Exception {
        Update update = new Update(Name.fromString(ZONE + "."));
        update.add(Name.fromString("legacy." + ZONE + "."), Type.A, 60, "10.8.8.8");
        update.add(Name.fromString("a-legacy." + ZONE + "."), Type.TXT, 60,
                "\"heritage=external-dns,external-dns/owner=other,external-dns/resource=service/x/legacy\"");
        update.add(Name.fromString("manual." + ZONE + "."), Type.A, 60, "10.9.9.9");
        Message response = NAMED.resolver().send(update);
        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
        client.services().inNamespace("default").delete();
    }

    @Test
    void aServiceIsPublishedIntoBindFollowedAndRemovedWhileOthersRecordsStay() throws Exception {
        ControllerConfig config = TestConfigs.rfc2136("rfc2136", NAMED, NAMED.secret());
        try (Rfc2136Provider provider = new Rfc2136Provider(config.rfc2136().orElseThrow(), config.domainFilterFor(ProviderKind.RFC2136));
             Controller controller = new Controller(config, client, List.of(new Controller.Target(provider,
                     config.domainFilterFor(ProviderKind.RFC2136))), new SimpleMeterRegistry(), EventSink.NONE, p -> { })) {
            controller.start();
            Service nginx = ObjectsFixture.loadBalancer("nginx", Map.of(ObjectsFixture.HOSTNAME, "nginx." + ZONE), "172.18.200.101");
            client.resource(nginx).create();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(a("nginx")).containsExactly("172.18.200.101"));
            assertThat(txt("a-nginx")).singleElement().satisfies(t -> assertThat(t)
                    .contains("heritage=external-dns", "external-dns/owner=wf-test", "external-dns/resource=service/default/nginx"));
            assertForeignUntouched();

            client.resource(new ServiceBuilder(client.resource(nginx).get()).editStatus().editLoadBalancer().editFirstIngress()
                    .withIp("172.18.200.103").endIngress().endLoadBalancer().endStatus().build()).updateStatus();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(a("nginx")).containsExactly("172.18.200.103"));
            assertForeignUntouched();

            client.resource(nginx).delete();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(a("nginx")).isEmpty();
                assertThat(txt("a-nginx")).isEmpty();
            });
            assertForeignUntouched();
        }
    }

    @Test
    void aFailingProviderHoldsBackNeitherTheOtherNorItsRecords() throws Exception {
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);
        ControllerConfig config = TestConfigs.rfc2136("inmemory,rfc2136", NAMED, wrongSecret);
        assertThat(config.providers()).containsExactly(ProviderKind.INMEMORY, ProviderKind.RFC2136);
        try (MemoryProvider memory = new MemoryProvider(config.domainFilterFor(ProviderKind.INMEMORY));
             Rfc2136Provider rfc2136 = new Rfc2136Provider(config.rfc2136().orElseThrow(), config.domainFilterFor(ProviderKind.RFC2136));
             Controller controller = new Controller(config, client, List.of(
                     new Controller.Target(memory, config.domainFilterFor(ProviderKind.INMEMORY)),
                     new Controller.Target(rfc2136, config.domainFilterFor(ProviderKind.RFC2136))),
                     new SimpleMeterRegistry(), EventSink.NONE, p -> { })) {
            controller.start();
            client.resource(ObjectsFixture.loadBalancer("web", Map.of(ObjectsFixture.HOSTNAME, "web." + ZONE), "172.18.200.102")).create();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(memory.records()).anySatisfy(e -> {
                    assertThat(e.name()).isEqualTo(DnsName.of("web." + ZONE));
                    assertThat(e.targets()).containsExactly("172.18.200.102");
                });
                assertThat(status(controller, "provider " + rfc2136.name())).isFalse();
                assertThat(status(controller, "provider " + memory.name())).isTrue();
            });
            // The refused server's zone is as it was: nothing written, nothing deleted.
            assertThat(a("web")).isEmpty();
            assertForeignUntouched();
        }
    }

    static boolean status(Controller controller, String check) {
        HealthCheck c = controller.readiness().stream().filter(h -> h.name().equals(check)).findFirst().orElseThrow();
        return c.check().healthy();
    }

    static void assertForeignUntouched() throws Exception {
        assertThat(a("legacy")).containsExactly("10.8.8.8");
        assertThat(txt("a-legacy")).containsExactly("heritage=external-dns,external-dns/owner=other,external-dns/resource=service/x/legacy");
        assertThat(a("manual")).containsExactly("10.9.9.9");
    }

    static List<String> a(String label) throws Exception {
        return query(label, Type.A).stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    static List<String> txt(String label) throws Exception {
        return query(label, Type.TXT).stream().map(r -> String.join("", ((TXTRecord) r).getStrings())).toList();
    }

    /** Asks named directly, over TCP, as any resolver would. */
    static List<Record> query(String label, int type) throws Exception {
        Message answer = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString(label + "." + ZONE + "."), type, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).collect(Collectors.toList());
    }
}
