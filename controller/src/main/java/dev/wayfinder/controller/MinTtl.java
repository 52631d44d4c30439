package dev.wayfinder.controller;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.SourceResult;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --min-ttl}: the TTL of source records whose object sets none (ExternalDNS's post-processor).
 * An endpoint the sources hand back unchanged gets back the same TTL'd instance as last time, so a
 * pass still tells unchanged endpoints by identity ({@link DesiredIndex}).
 */
final class MinTtl {

    private final long ttl;
    private Map<Endpoint, Endpoint> last = new IdentityHashMap<>();

    MinTtl(long ttl) {
        this.ttl = ttl;
    }

    synchronized SourceResult apply(SourceResult r) {
        if (ttl <= 0) {
            return r;
        }
        Map<Endpoint, Endpoint> next = new IdentityHashMap<>(Math.max(16, r.endpoints().size()));
        List<Endpoint> out = new ArrayList<>(r.endpoints().size());
        for (Endpoint e : r.endpoints()) {
            Endpoint t = e.hasTtl() ? e : next.get(e);
            if (t == null) {
                t = last.get(e);
                if (t == null) {
                    t = e.withTtl(ttl);
                }
                next.put(e, t);
            }
            out.add(t);
        }
        last = next;
        return new SourceResult(out, r.problems());
    }
}
