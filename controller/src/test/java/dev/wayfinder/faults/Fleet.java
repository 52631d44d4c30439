package dev.wayfinder.faults;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The annotated LoadBalancer Services of a fault row and the names they ask for: {@code svc-<i>} in
 * {@code default} asks for {@code svc-<i>.<zone>} → its load balancer's IPv4 address. The fleet
 * remembers what it asked, so {@link #desired()} is what the controller must publish, exactly.
 */
public final class Fleet {

    public static final String HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

    private final KubernetesClient client;
    private final String zone;
    private final Map<Integer, String> addresses = new ConcurrentHashMap<>();

    public Fleet(KubernetesClient client, String zone) {
        this.client = client;
        this.zone = zone;
    }

    public String zone() {
        return zone;
    }

    /** Creates {@code svc-from} … {@code svc-(to-1)}, a few in parallel. */
    public void create(int from, int to) {
        IntStream.range(from, to).parallel().forEach(i -> create(i, address(i, 0)));
    }

    public void create(int i, String address) {
        Service wanted = service(i, address);
        try {
            client.resource(wanted).create();
        } catch (KubernetesClientException e) {
            // The client retries a POST whose answer was lost (the CRUD mock's event loop stalls when many watches
            // close at once): its own first POST may have landed. That one is accepted, any other Service is not.
            Service there = e.getCode() == 409 ? client.services().inNamespace("default").withName("svc-" + i).get() : null;
            if (there == null || !sameAsked(there, wanted)) {
                throw e;
            }
        }
        addresses.put(i, address);
    }

    private static boolean sameAsked(Service there, Service wanted) {
        return java.util.Objects.equals(there.getMetadata().getAnnotations(), wanted.getMetadata().getAnnotations())
                && java.util.Objects.equals(there.getStatus(), wanted.getStatus());
    }

    public void delete(int i) {
        client.services().inNamespace("default").withName("svc-" + i).delete();
        addresses.remove(i);
    }

    /** Gives {@code svc-i} another load balancer address (generation {@code g}). */
    public void retarget(int i, int g) {
        String address = address(i, g);
        Service s = client.services().inNamespace("default").withName("svc-" + i).get();
        client.resource(new ServiceBuilder(s).editStatus().editLoadBalancer().editFirstIngress().withIp(address).endIngress()
                .endLoadBalancer().endStatus().build()).updateStatus();
        addresses.put(i, address);
    }

    /** What the controller must publish: name → its one address. */
    public Map<String, List<String>> desired() {
        Map<String, List<String>> out = new TreeMap<>();
        addresses.forEach((i, a) -> out.put("svc-" + i + "." + zone, List.of(a)));
        return out;
    }

    /** The indices of the Services there now, in order. */
    public List<Integer> indices() {
        return addresses.keySet().stream().sorted().toList();
    }

    public int size() {
        return addresses.size();
    }

    /** 10.g.x.y, distinct per Service index (up to 65,536) and generation. */
    static String address(int i, int g) {
        return "10." + g + "." + (i / 256) + "." + (i % 256);
    }

    private Service service(int i, String address) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName("svc-" + i).addToAnnotations(HOSTNAME, "svc-" + i + "." + zone).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0." + (i % 250 + 1))
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(address).endIngress().endLoadBalancer().endStatus()
                .build();
    }
}
