package dev.wayfinder.provider;

import dev.wayfinder.model.DnsName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which names a provider or controller manages, as ExternalDNS's {@code endpoint/domain_filter.go}:
 * names at or below one of the included domains (all names when none is given) and not at or below
 * an excluded one ({@code --domain-filter}, {@code --exclude-domains}). A domain given with a leading
 * dot ({@code .example.com}) matches only the names below it ({@link #below}, {@link #excludeBelow}).
 * {@code --regex-domain-filter} / {@code --regex-domain-exclusion} replace the lists when set, matched
 * (unanchored) against the name without its trailing dot.
 *
 * @param include       the included domains, as zones (a leading-dot domain is listed here too)
 * @param below         those of {@code include} given only with a leading dot: their apex is not included
 */
public record DomainFilter(List<DnsName> include, List<DnsName> exclude, Set<DnsName> below, Set<DnsName> excludeBelow,
                           Optional<Pattern> regex, Optional<Pattern> regexExclude) {

    public static final DomainFilter ALL = new DomainFilter(List.of(), List.of());

    public DomainFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        below = Set.copyOf(below);
        excludeBelow = Set.copyOf(excludeBelow);
    }

    public DomainFilter(List<DnsName> include, List<DnsName> exclude) {
        this(include, exclude, Set.of(), Set.of(), Optional.empty(), Optional.empty());
    }

    public static DomainFilter of(String... domains) {
        return of(List.of(domains), List.of());
    }

    /** From the flags' text: a leading dot means "below this domain only". */
    public static DomainFilter of(Collection<String> include, Collection<String> exclude) {
        return new DomainFilter(names(include), names(exclude), onlyBelow(include), onlyBelow(exclude), Optional.empty(), Optional.empty());
    }

    /** The regular-expression form; an empty expression is no filter. */
    public static DomainFilter regex(String include, String exclude) {
        return new DomainFilter(List.of(), List.of(), Set.of(), Set.of(),
                include == null || include.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(include)),
                exclude == null || exclude.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(exclude)));
    }

    private static List<DnsName> names(Collection<String> domains) {
        List<DnsName> out = new ArrayList<>();
        for (String d : domains) {
            DnsName n = DnsName.of(d.startsWith(".") ? d.substring(1) : d);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static Set<DnsName> onlyBelow(Collection<String> domains) {
        Set<DnsName> dotted = domains.stream().filter(d -> d.startsWith(".")).map(d -> DnsName.of(d.substring(1))).collect(Collectors.toSet());
        domains.stream().filter(d -> !d.startsWith(".")).map(DnsName::of).forEach(dotted::remove);
        return dotted;
    }

    public boolean isRegex() {
        return regex.isPresent() || regexExclude.isPresent();
    }

    public boolean matches(DnsName name) {
        if (isRegex()) {
            String text = name.toString().toLowerCase(java.util.Locale.ROOT);
            text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
            String t = text;
            return regexExclude.map(p -> !p.matcher(t).find()).orElse(true) && regex.map(p -> p.matcher(t).find()).orElse(true);
        }
        boolean included = include.isEmpty() || include.stream().anyMatch(d -> within(name, d, below));
        return included && exclude.stream().noneMatch(d -> within(name, d, excludeBelow));
    }

    private static boolean within(DnsName name, DnsName domain, Set<DnsName> strictly) {
        return strictly.contains(domain) ? !name.equals(domain) && name.isAtOrBelow(domain) : name.isAtOrBelow(domain);
    }

    /** True when {@code zone} is one of the included domains itself. */
    public boolean isZone(DnsName zone) {
        return include.contains(zone);
    }

    @Override
    public String toString() {
        if (isRegex()) {
            return "regex " + regex.map(Pattern::pattern).orElse("*") + regexExclude.map(p -> " except " + p.pattern()).orElse("");
        }
        String inc = include.isEmpty() ? "*" : include.stream().map(d -> (below.contains(d) ? "." : "") + d).collect(Collectors.joining(","));
        return exclude.isEmpty() ? inc : inc + " except "
                + exclude.stream().map(d -> (excludeBelow.contains(d) ? "." : "") + d).collect(Collectors.joining(","));
    }
}
