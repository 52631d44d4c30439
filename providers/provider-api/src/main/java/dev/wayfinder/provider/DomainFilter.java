package dev.wayfinder.provider;

import dev.wayfinder.model.DnsName;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which names a provider or controller manages: names at or below one of the included domains
 * (all names when none is given) and not at or below an excluded one. ExternalDNS's
 * {@code --domain-filter} and {@code --exclude-domains}.
 */
public record DomainFilter(List<DnsName> include, List<DnsName> exclude) {

    public static final DomainFilter ALL = new DomainFilter(List.of(), List.of());

    public DomainFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static DomainFilter of(String... domains) {
        return new DomainFilter(List.of(domains).stream().map(DnsName::of).toList(), List.of());
    }

    public static DomainFilter of(Collection<String> include, Collection<String> exclude) {
        return new DomainFilter(include.stream().map(DnsName::of).toList(), exclude.stream().map(DnsName::of).toList());
    }

    public boolean matches(DnsName name) {
        boolean included = include.isEmpty() || include.stream().anyMatch(name::isAtOrBelow);
        return included && exclude.stream().noneMatch(name::isAtOrBelow);
    }

    /** True when {@code zone} is one of the included domains itself. */
    public boolean isZone(DnsName zone) {
        return include.contains(zone);
    }

    @Override
    public String toString() {
        String inc = include.isEmpty() ? "*" : include.stream().map(DnsName::toString).collect(Collectors.joining(","));
        return exclude.isEmpty() ? inc : inc + " except " + exclude.stream().map(DnsName::toString).collect(Collectors.joining(","));
    }
}
