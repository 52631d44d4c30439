package dev.wayfinder.model;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An absolute DNS name in presentation form, compared case-insensitively.
 *
 * <p>One trailing-dot policy: input may end in a single dot, the text form ({@link #toString()})
 * never does, and {@link #fqdn()} always does. The name is kept lower-cased (ASCII only), because
 * CoreDNS lower-cases every question before it looks in etcd, so an upper-case key is never found.
 *
 * <p>Two ways in: {@link #of(String)} accepts any DNS name (RFC 2181 §11: a label may hold any
 * octet, so {@code _http._tcp.web} and {@code skydns_extra.test} are fine); {@link #hostname(String)}
 * also applies the host-name rules (letters, digits, hyphens; a leading {@code *} label only) and
 * converts unicode input with IDNA — it is for names people request through annotations.
 */
public final class DnsName implements Comparable<DnsName> {

    public static final int MAX_LABEL_OCTETS = 63;
    public static final int MAX_NAME_OCTETS = 253;

    /** The root name; its text form is {@code "."}. */
    public static final DnsName ROOT = new DnsName(List.of());

    private final List<String> labels;
    private final String text;

    private DnsName(List<String> labels) {
        this.labels = labels;
        this.text = labels.isEmpty() ? "." : String.join(".", labels);
    }

    /** Parses any DNS name: checks lengths and empty labels, lower-cases, drops one trailing dot. */
    public static DnsName of(String input) {
        if (input == null) {
            throw new InvalidDnsNameException(null, "name is missing");
        }
        String s = input.trim();
        if (s.equals(".")) {
            return ROOT;
        }
        if (s.isEmpty()) {
            throw new InvalidDnsNameException(input, "name is empty");
        }
        if (s.endsWith(".") && !s.endsWith("\\.")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> labels = splitLabels(input, s);
        int octets = 0;
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidDnsNameException(input, "has an empty label");
            }
            int labelOctets = label.getBytes(StandardCharsets.UTF_8).length;
            if (labelOctets > MAX_LABEL_OCTETS) {
                throw new InvalidDnsNameException(input,
                        "label '" + label + "' is " + labelOctets + " octets long (at most " + MAX_LABEL_OCTETS + ")");
            }
            if (label.indexOf('/') >= 0) {
                // A slash would split the label into two etcd key segments.
                throw new InvalidDnsNameException(input, "label '" + label + "' contains '/'");
            }
            octets += labelOctets + 1;
        }
        if (octets - 1 > MAX_NAME_OCTETS) {
            throw new InvalidDnsNameException(input,
                    "is " + (octets - 1) + " octets long (at most " + MAX_NAME_OCTETS + ")");
        }
        List<String> lower = new ArrayList<>(labels.size());
        for (String label : labels) {
            lower.add(label.toLowerCase(Locale.ROOT));
        }
        return new DnsName(Collections.unmodifiableList(lower));
    }

    /**
     * Parses a host name as requested through an annotation or a Gslb: IDNA for unicode input,
     * then letters, digits and hyphens per label (no leading or trailing hyphen), a wildcard
     * only as the whole first label, and a last label that is not all digits (an almost-IP such as
     * {@code 999.1.1.1} is neither an address nor a name).
     */
    public static DnsName hostname(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidDnsNameException(input, "host name is empty");
        }
        String s = input.trim();
        String ascii = s;
        try {
            // ASCII input skips IDNA, so its errors come from of() and name the actual problem.
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(s)) {
                ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidDnsNameException(input, "is not a valid internationalised name (" + e.getMessage() + ")");
        }
        DnsName name = of(ascii);
        List<String> labels = name.labels;
        if (labels.isEmpty()) {
            throw new InvalidDnsNameException(input, "the root is not a host name");
        }
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.equals("*")) {
                if (i != 0) {
                    throw new InvalidDnsNameException(input, "a wildcard '*' is allowed only as the first label");
                }
                continue;
            }
            checkHostLabel(input, label);
        }
        String top = labels.get(labels.size() - 1);
        if (top.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // 999.1.1.1 or 10.0.0.256 would otherwise become a CNAME to a name no resolver can find.
            throw new InvalidDnsNameException(input, "its last label '" + top + "' is all digits, which no host name's is (RFC 3696 §2);"
                    + " if it is meant as an IP address, it is not a valid one");
        }
        return name;
    }

    private static void checkHostLabel(String input, String label) {
        for (int c = 0; c < label.length(); c++) {
            char ch = label.charAt(c);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
            if (!ok) {
                String what = ch == '*' ? "a wildcard '*' must be a whole label" : "character '" + ch + "' is not allowed in a host name";
                throw new InvalidDnsNameException(input, "label '" + label + "': " + what);
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new InvalidDnsNameException(input, "label '" + label + "' starts or ends with a hyphen");
        }
    }

    private static List<String> splitLabels(String input, String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\') {
                if (i + 1 >= s.length()) {
                    throw new InvalidDnsNameException(input, "ends in a lone backslash");
                }
                cur.append(ch).append(s.charAt(++i));
            } else if (ch == '.') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Labels from the leftmost (most specific) to the rightmost. */
    public List<String> labels() {
        return labels;
    }

    public int labelCount() {
        return labels.size();
    }

    public boolean isRoot() {
        return labels.isEmpty();
    }

    /** True when the first label is the wildcard {@code *}. */
    public boolean isWildcard() {
        return !labels.isEmpty() && labels.get(0).equals("*");
    }

    /** The name without its first label; the root's parent is the root. */
    public DnsName parent() {
        // A copy of the labels, not a view: the parent of a name read from an etcd key outlives that key's leaf label.
        return labels.isEmpty() ? ROOT : new DnsName(List.copyOf(labels.subList(1, labels.size())));
    }

    /** This name with {@code label} prepended. */
    public DnsName child(String label) {
        return of(label + "." + (isRoot() ? "" : text));
    }

    /** True when this name equals {@code zone} or lies below it. */
    public boolean isAtOrBelow(DnsName zone) {
        int n = zone.labels.size();
        int offset = labels.size() - n;
        if (offset < 0) {
            return false;
        }
        // Index by index, no sub-list: the domain filter asks this of every desired name on every pass.
        for (int i = 0; i < n; i++) {
            if (!labels.get(offset + i).equals(zone.labels.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Absolute form with the trailing dot, as DNS messages write it. */
    public String fqdn() {
        return isRoot() ? "." : text + ".";
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * By the text form, which the labels determine and which determines them (a dot inside a label
     * is always escaped): a name is hashed and compared in every map the plan builds, and a string
     * keeps its hash, where a list of labels computes it again each time.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof DnsName other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Canonical DNS order (RFC 4034 §6.1 style): compares labels from the right. */
    @Override
    public int compareTo(DnsName o) {
        int i = labels.size() - 1;
        int j = o.labels.size() - 1;
        while (i >= 0 && j >= 0) {
            int c = labels.get(i).compareTo(o.labels.get(j));
            if (c != 0) {
                return c;
            }
            i--;
            j--;
        }
        return Integer.compare(labels.size(), o.labels.size());
    }
}
