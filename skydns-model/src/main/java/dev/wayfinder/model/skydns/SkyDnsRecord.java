package dev.wayfinder.model.skydns;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The JSON value CoreDNS's etcd plugin reads ({@code msg.Service}), plus the fields Wayfinder
 * keeps beside it, which CoreDNS ignores.
 *
 * <p>Numbers are kept as decoded (Go {@code int} is 64-bit); the DNS server truncates them the
 * way CoreDNS does. {@code priority == 0} and {@code ttl == 0} mean "unset" to CoreDNS (10 and 300).
 *
 * @param owner         Wayfinder/ExternalDNS owner id ({@code owner}, as ExternalDNS's strictly-owned mode writes it)
 * @param resource      the source object, {@code kind/namespace/name}
 * @param setIdentifier the record set this target belongs to (GSLB: one per cluster)
 * @param geoTag        the cluster geo tag of this target
 * @param lbWeight      weighted round robin share, applied per query by {@code wayfinder dns}
 * @param lbStrategy    the GSLB strategy of the name (k8gb's wire name), which tells {@code wayfinder dns} how to answer it
 */
public record SkyDnsRecord(
        String host,
        long port,
        long priority,
        long weight,
        String text,
        boolean mail,
        long ttl,
        long targetstrip,
        String group,
        String owner,
        String resource,
        String setIdentifier,
        String geoTag,
        OptionalInt lbWeight,
        String lbStrategy) {

    public static final SkyDnsRecord EMPTY = builder().build();

    public SkyDnsRecord {
        host = Objects.requireNonNullElse(host, "");
        text = Objects.requireNonNullElse(text, "");
        group = Objects.requireNonNullElse(group, "");
        owner = Objects.requireNonNullElse(owner, "");
        resource = Objects.requireNonNullElse(resource, "");
        setIdentifier = Objects.requireNonNullElse(setIdentifier, "");
        geoTag = Objects.requireNonNullElse(geoTag, "");
        lbWeight = Objects.requireNonNullElse(lbWeight, OptionalInt.empty());
        lbStrategy = Objects.requireNonNullElse(lbStrategy, "");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).priority(priority).weight(weight).text(text).mail(mail).ttl(ttl)
                .targetstrip(targetstrip).group(group).owner(owner).resource(resource).setIdentifier(setIdentifier)
                .geoTag(geoTag).lbWeight(lbWeight).lbStrategy(lbStrategy);
    }

    /** Builder, because fifteen positional fields invite mistakes. */
    public static final class Builder {
        private String host = "";
        private long port;
        private long priority;
        private long weight;
        private String text = "";
        private boolean mail;
        private long ttl;
        private long targetstrip;
        private String group = "";
        private String owner = "";
        private String resource = "";
        private String setIdentifier = "";
        private String geoTag = "";
        private OptionalInt lbWeight = OptionalInt.empty();
        private String lbStrategy = "";

        public Builder host(String v) { host = v; return this; }
        public Builder port(long v) { port = v; return this; }
        public Builder priority(long v) { priority = v; return this; }
        public Builder weight(long v) { weight = v; return this; }
        public Builder text(String v) { text = v; return this; }
        public Builder mail(boolean v) { mail = v; return this; }
        public Builder ttl(long v) { ttl = v; return this; }
        public Builder targetstrip(long v) { targetstrip = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder resource(String v) { resource = v; return this; }
        public Builder setIdentifier(String v) { setIdentifier = v; return this; }
        public Builder geoTag(String v) { geoTag = v; return this; }
        public Builder lbWeight(OptionalInt v) { lbWeight = v; return this; }
        public Builder lbStrategy(String v) { lbStrategy = v; return this; }

        public SkyDnsRecord build() {
            return new SkyDnsRecord(host, port, priority, weight, text, mail, ttl, targetstrip, group, owner, resource,
                    setIdentifier, geoTag, lbWeight, lbStrategy);
        }
    }
}
