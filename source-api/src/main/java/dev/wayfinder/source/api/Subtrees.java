package dev.wayfinder.source.api;

import dev.wayfinder.model.DnsName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Published names with other published names strictly beneath them. CoreDNS's etcd plugin answers an A or AAAA
 * question from every key below the name's path (a subtree read), so a name's answer takes in the records of every
 * name beneath it — unless SkyDNS groups keep them apart. The GSLB writes each of its names in a group of its own
 * (the name itself); CoreDNS then answers a grouped name from its own group and the ungrouped records only. So a
 * name beneath another stays out of its answer exactly when both are grouped. Pure.
 */
public final class Subtrees {

    private Subtrees() {
    }

    /**
     * One published name.
     *
     * @param resource the object it comes from, {@code kind/namespace/name}
     * @param grouped  whether its records carry their own SkyDNS group (the GSLB's names)
     */
    public record Published(DnsName name, String resource, boolean grouped) {
        @Override
        public String toString() {
            return name + " (" + resource + ")";
        }
    }

    /** A published name and the published names beneath it, by name. */
    public record Nested(Published parent, List<Published> beneath) {
        public Nested {
            beneath = List.copyOf(beneath);
        }

        /** The names beneath whose targets CoreDNS's subtree read answers for the parent too. */
        public List<Published> answeredWithParent() {
            return beneath.stream().filter(b -> !parent.grouped() || !b.grouped()).toList();
        }

        /** The names beneath that their own group keeps out of the parent's answer. */
        public List<Published> keptApart() {
            return beneath.stream().filter(b -> parent.grouped() && b.grouped()).toList();
        }

        /** What CoreDNS's subtree read answers for the parent, in a sentence. */
        public String explanation() {
            List<String> parts = new ArrayList<>();
            List<Published> leaking = answeredWithParent();
            if (!leaking.isEmpty()) {
                parts.add("CoreDNS's etcd plugin reads the whole subtree of " + parent.name() + ", so A/AAAA questions for it also get the"
                        + " targets of " + join(leaking));
            }
            List<Published> apart = keptApart();
            if (!apart.isEmpty()) {
                parts.add(join(apart) + (apart.size() == 1 ? " is" : " are") + " published beneath it in " + (apart.size() == 1 ? "its" : "their")
                        + " own SkyDNS group, which CoreDNS's subtree read of " + parent.name() + " leaves out");
            }
            return String.join("; ", parts);
        }

        private static String join(List<Published> names) {
            return names.stream().map(Published::toString).collect(Collectors.joining(", "));
        }
    }

    /**
     * Every name of {@code published} that has others beneath it, by name. A name published more than once counts once:
     * its first resource names it, and it is grouped only when every publication is.
     */
    public static List<Nested> of(Collection<Published> published) {
        Map<DnsName, Published> byName = new LinkedHashMap<>();
        for (Published p : published) {
            byName.merge(p.name(), p, (a, b) -> new Published(a.name(), a.resource(), a.grouped() && b.grouped()));
        }
        Map<DnsName, List<Published>> beneath = new TreeMap<>(Comparator.comparing(DnsName::toString));
        for (Published p : byName.values()) {
            for (DnsName up = p.name().parent(); !up.isRoot(); up = up.parent()) {
                if (byName.containsKey(up)) {
                    beneath.computeIfAbsent(up, k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<Nested> out = new ArrayList<>(beneath.size());
        beneath.forEach((name, below) -> {
            below.sort(Comparator.comparing(b -> b.name().toString()));
            out.add(new Nested(byName.get(name), below));
        });
        return out;
    }
}
