package dev.wayfinder.controller;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.InvalidDnsNameException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The names one pass plans: every name whose desired or published record sets changed, and every
 * name tied to one of those, directly or through others (an ExternalDNS ownership record and the
 * record set it claims, say: one decides the other's owner). Planning a closed set of names gives
 * exactly what planning every name gives for them, because the plan and the registry decide each
 * name from the records at it and at names tied to it.
 *
 * @param whole true when every name is planned (then {@code names} is empty)
 */
record NameScope(boolean whole, Set<DnsName> names) {

    static final NameScope WHOLE = new NameScope(true, Set.of());

    NameScope {
        names = Set.copyOf(names);
    }

    /**
     * Pure: {@code seeds} and everything tied to them. {@code ties} adds the names tied to one name
     * (as text: a tie may lead to a text that is no DNS name, which holds nothing but may tie further).
     */
    static NameScope closure(Collection<DnsName> seeds, BiConsumer<String, Set<String>> ties) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        seeds.forEach(n -> todo.add(n.toString()));
        Set<String> found = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            found.clear();
            ties.accept(name, found);
            found.stream().filter(n -> !seen.contains(n)).forEach(todo::add);
        }
        Set<DnsName> names = new HashSet<>();
        for (String s : seen) {
            try {
                names.add(DnsName.of(s));
            } catch (InvalidDnsNameException e) {
                // a text that is no DNS name holds no record set
            }
        }
        return new NameScope(false, names);
    }
}
