package dev.wayfinder.model.skydns;

import java.util.Objects;

/** One etcd key and its decoded SkyDNS value. */
public record SkyDnsEntry(String key, SkyDnsRecord record) implements Comparable<SkyDnsEntry> {

    public SkyDnsEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
    }

    /** The JSON written for this entry. */
    public String json() {
        return SkyDnsJson.encode(record);
    }

    /** Key byte order, the order CoreDNS reads and answers in. */
    @Override
    public int compareTo(SkyDnsEntry o) {
        return key.compareTo(o.key);
    }
}
