package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;

/** A half-open etcd key range {@code [from, to)}. */
record KeyRange(String from, String to) {

    /** The name's own key and everything below it: {@code [/skydns/org/example, /skydns/org/example0)}. */
    static KeyRange ofName(SkyDnsKeys keys, DnsName name) {
        if (name.isRoot()) {
            return underPrefix(keys);
        }
        String key = keys.keyOf(name);
        // '0' follows '/' in ASCII: the range ends just past every "<key>/..." key.
        return new KeyRange(key, key + "0");
    }

    /** Every key under the prefix. */
    static KeyRange underPrefix(SkyDnsKeys keys) {
        String prefix = keys.prefix();
        return new KeyRange(prefix, prefix.substring(0, prefix.length() - 1) + "0");
    }
}
