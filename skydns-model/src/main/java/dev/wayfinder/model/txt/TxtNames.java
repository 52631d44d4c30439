package dev.wayfinder.model.txt;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.RecordType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where ExternalDNS's TXT registry keeps the ownership record of a record set, and which record set
 * a registry record at a given name describes: {@code --txt-prefix}, {@code --txt-suffix} (with the
 * {@code %{record_type}} template) and {@code --txt-wildcard-replacement}. A faithful copy of
 * ExternalDNS v0.22's {@code registry/mapper/mapper.go} ({@code AffixNameMapper}), quirks included,
 * so that both read every name the same way:
 * <ul>
 *   <li>affixes and the replacement are lower-cased (mapper.go:61-67);</li>
 *   <li>{@link #toTxtName}: {@code <prefix><type>-<first label><suffix>.<rest>}, or with the template
 *       {@code <prefix(type)><first label><suffix(type)>.<rest>}, a leading {@code *} replaced
 *       (mapper.go:94-116);</li>
 *   <li>{@link #toEndpointName}: the inverse, on the lower-cased name, trying the types in
 *       mapper.go:32-43's order; a name whose first dash-separated part is no type is the record's own
 *       name with no type — the format ExternalDNS wrote before v0.12 and, beside the typed one,
 *       up to v0.17 (mapper.go:69-92, 149-194);</li>
 *   <li>{@link #legacyTxtName}: that old-format name, {@code <prefix><first label><suffix>.<rest>}
 *       with the template dropped (v0.17.0 registry/txt.go:440-454).</li>
 * </ul>
 */
public record TxtNames(String prefix, String suffix, String wildcardReplacement) {

    /** ExternalDNS's defaults: no prefix, no suffix, no replacement. */
    public static final TxtNames DEFAULT = new TxtNames("", "", "");

    static final String TEMPLATE = "%{record_type}";

    /** mapper.go:32-43, in that order (the order matters when a template affix is a prefix of another). */
    static final List<String> SUPPORTED = List.of("A", "AAAA", "CNAME", "NS", "MX", "PTR", "SRV", "NAPTR", "TXT", "DNAME");

    public TxtNames {
        prefix = lower(prefix);
        suffix = lower(suffix);
        wildcardReplacement = lower(wildcardReplacement);
    }

    /** The record set a registry record describes: a name and a type, or no type for the old format. */
    public record Owned(String name, String type) {
        public boolean legacy() {
            return type.isEmpty();
        }
    }

    /** Why these settings cannot work, as ExternalDNS refuses them (registry/txt/registry.go:152-154). */
    public Optional<String> problem() {
        if (!prefix.isEmpty() && !suffix.isEmpty()) {
            return Optional.of("--txt-prefix and --txt-suffix are mutually exclusive");
        }
        return Optional.empty();
    }

    /** mapper.go:94-116 {@code ToTXTName}. */
    public String toTxtName(String dnsName, String recordType) {
        String[] parts = dnsName.split("\\.", 2);
        String type = recordType.toLowerCase(Locale.ROOT);
        String p = normalize(prefix, type);
        String s = normalize(suffix, type);
        String first = parts[0];
        if (!wildcardReplacement.isEmpty() && first.equals("*")) {
            first = wildcardReplacement;
        }
        if (!typeInAffix()) {
            first = type + "-" + first;
        }
        return parts.length < 2 ? p + first + s : p + first + s + "." + parts[1];
    }

    /** {@link #toTxtName} as a DNS name, empty when the result is not one (an empty label, too long). */
    public Optional<DnsName> txtName(DnsName name, RecordType type) {
        return asName(toTxtName(name.toString(), type.name()));
    }

    /**
     * The old-format name (before v0.18 written beside the typed one unless a template affix was set,
     * v0.17.0 registry/txt.go:240), empty when the affixes carry the template or the name is invalid.
     */
    public Optional<DnsName> legacyTxtName(DnsName name) {
        if (typeInAffix()) {
            return Optional.empty();
        }
        String[] parts = name.toString().split("\\.", 2);
        String first = parts[0];
        if (!wildcardReplacement.isEmpty() && first.equals("*")) {
            first = wildcardReplacement;
        }
        return asName(parts.length < 2 ? prefix + first + suffix : prefix + first + suffix + "." + parts[1]);
    }

    /** mapper.go:69-92 {@code ToEndpointName}; empty where ExternalDNS returns {@code ("", "")}. */
    public Optional<Owned> toEndpointName(String txtName) {
        String lower = txtName.toLowerCase(Locale.ROOT);
        if (isPrefix()) {
            return dropAffixExtractType(lower);
        }
        if (!prefix.isEmpty()) {
            return Optional.empty(); // both affixes: neither a prefix nor a suffix mapper (mapper.go:91)
        }
        int dots = count(suffix, '.');
        String[] parts = lower.split("\\.", 2 + dots);
        if (parts.length <= dots) {
            return Optional.empty();
        }
        Optional<Owned> r = dropAffixExtractType(String.join(".", List.of(parts).subList(0, 1 + dots)));
        if (r.isEmpty() || parts.length <= 1 + dots) {
            return r;
        }
        return Optional.of(new Owned(r.get().name() + "." + parts[1 + dots], r.get().type()));
    }

    /**
     * The name a record is looked up by among the registry's claims: its first label {@code *}
     * replaced by {@code --txt-wildcard-replacement} when one is set (registry/txt/registry.go:244-249).
     */
    public String lookupName(DnsName name) {
        String text = name.toString();
        if (!wildcardReplacement.isEmpty() && (text.equals("*") || text.startsWith("*."))) {
            return wildcardReplacement + text.substring(1);
        }
        return text;
    }

    boolean typeInAffix() {
        return prefix.contains(TEMPLATE) || suffix.contains(TEMPLATE);
    }

    private boolean isPrefix() {
        return suffix.isEmpty();
    }

    /** mapper.go:149-182. */
    private Optional<Owned> dropAffixExtractType(String name) {
        String p = prefix;
        String s = suffix;
        if (typeInAffix()) {
            for (String t : SUPPORTED) {
                String tLower = t.toLowerCase(Locale.ROOT);
                String ip = p.replace(TEMPLATE, tLower);
                String is = s.replace(TEMPLATE, tLower);
                if (isPrefix() && name.startsWith(ip)) {
                    return owned(name.substring(ip.length()), t);
                }
                if (!isPrefix() && name.endsWith(is)) {
                    return owned(name.substring(0, name.length() - is.length()), t);
                }
            }
            p = p.replace(TEMPLATE, "");
            s = s.replace(TEMPLATE, "");
        }
        if (isPrefix() && name.startsWith(p)) {
            return extractTypeDefaultPosition(name.substring(p.length()));
        }
        if (!isPrefix() && name.endsWith(s)) {
            return extractTypeDefaultPosition(name.substring(0, name.length() - s.length()));
        }
        return Optional.empty();
    }

    /** mapper.go:186-194: the part before the first dash anywhere in the name, when it is a type. */
    private static Optional<Owned> extractTypeDefaultPosition(String name) {
        String first = name.split("-", -1)[0];
        for (String t : SUPPORTED) {
            if (first.equals(t.toLowerCase(Locale.ROOT))) {
                // strings.TrimPrefix: a bare "a" (no dash) stays "a".
                return owned(name.startsWith(first + "-") ? name.substring(first.length() + 1) : name, t);
            }
        }
        return owned(name, "");
    }

    private static Optional<Owned> owned(String name, String type) {
        return name.isEmpty() ? Optional.empty() : Optional.of(new Owned(name, type));
    }

    private static String normalize(String affix, String type) {
        return affix.contains(TEMPLATE) ? affix.replace(TEMPLATE, type) : affix;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Optional<DnsName> asName(String text) {
        try {
            return Optional.of(DnsName.of(text));
        } catch (InvalidDnsNameException e) {
            return Optional.empty();
        }
    }
}
