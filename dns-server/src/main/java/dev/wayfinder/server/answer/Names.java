package dev.wayfinder.server.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Domain names in presentation form, handled the way CoreDNS (miekg/dns) handles them: the
 * answer logic works on strings such as {@code a.b.skydns.test.}, labels keep their backslash
 * escapes, and comparisons between names ignore ASCII case.
 */
final class Names {

    private Names() {
    }

    /** The presentation form miekg/dns gives a name read from the wire (its escaping rules, not dnsjava's). */
    static String presentation(Name name) {
        if (name.labels() <= 1) {
            return ".";
        }
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.labels() - 1; i++) {
            byte[] label = name.getLabel(i);
            for (int j = 1; j < label.length; j++) {
                int b = label[j] & 0xff;
                switch (b) {
                    case '.', ' ', '\'', '@', ';', '(', ')', '"', '\\' -> sb.append('\\').append((char) b);
                    default -> {
                        if (b < ' ' || b > '~') {
                            sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
                        } else {
                            sb.append((char) b);
                        }
                    }
                }
            }
            sb.append('.');
        }
        return sb.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code dns.Fqdn}: appends the root dot unless the name already ends in an unescaped one. */
    static String fqdn(String s) {
        return isFqdn(s) ? s : s + ".";
    }

    private static boolean isFqdn(String s) {
        if (s.isEmpty() || s.charAt(s.length() - 1) != '.') {
            return false;
        }
        int backslashes = 0;
        for (int i = s.length() - 2; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    /** {@code dns.SplitDomainName}: the labels, escapes kept, no empty trailing label; none for the root. */
    static List<String> labels(String s) {
        List<String> out = new ArrayList<>(8);
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '.') {
                if (i > start || i < n - 1) {
                    out.add(s.substring(start, i));
                }
                start = i + 1;
            }
            i++;
        }
        if (start < n) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** {@code dns.IsSubDomain(parent, child)}: child equals parent or lies below it, labels compared ignoring case. */
    static boolean isSubDomain(String parent, String child) {
        List<String> p = labels(parent);
        List<String> c = labels(child);
        if (p.size() > c.size()) {
            return false;
        }
        for (int i = 1; i <= p.size(); i++) {
            if (!p.get(p.size() - i).equalsIgnoreCase(c.get(c.size() - i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The query-path form of {@code isSubDomain} for two lower-cased fully qualified names: a
     * suffix test on the string, where the dot before the suffix must not be escaped.
     */
    static boolean isAtOrBelow(String name, String zone) {
        if (zone.equals(".")) {
            return true;
        }
        int cut = name.length() - zone.length();
        if (cut == 0) {
            return name.equals(zone);
        }
        if (cut < 0 || !name.endsWith(zone) || name.charAt(cut - 1) != '.') {
            return false;
        }
        int backslashes = 0;
        for (int i = cut - 2; i >= 0 && name.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    /** CoreDNS's {@code targetStrip}: drops {@code n} leading labels unless that would drop them all. */
    static String targetStrip(String fqdn, long n) {
        if (n <= 0) {
            return fqdn;
        }
        int offset = 0;
        for (long i = 0; i < n; i++) {
            int next = nextLabel(fqdn, offset);
            if (next < 0) {
                return fqdn;
            }
            offset = next;
        }
        return fqdn.substring(offset);
    }

    /** The offset of the label after the one starting at {@code offset}, or -1 when there is none. */
    private static int nextLabel(String s, int offset) {
        for (int i = offset; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '.') {
                return i + 1 < s.length() ? i + 1 : -1;
            }
        }
        return -1;
    }

    /** {@code msg.Domain}: the name a key stands for, assuming a one-segment prefix ({@code /skydns/test/x} → {@code x.test.}). */
    static String domainOfKey(String key) {
        String[] parts = key.split("/", -1);
        int end = parts.length;
        if (end > 0 && parts[end - 1].isEmpty()) {
            end--;
        }
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = end - 1; i >= 2; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.length() == 0 ? "." : sb.toString();
    }

    /**
     * A dnsjava name for a presentation string; null when it is not a valid name. Characters beyond
     * ASCII stand for their UTF-8 bytes, as in a Go string, which miekg/dns packs byte for byte
     * (dnsjava's parser refuses them unescaped).
     */
    static Name toName(String presentation) {
        try {
            return Name.fromString(fqdn(bytesEscaped(presentation)));
        } catch (TextParseException e) {
            return null;
        }
    }

    /** {@code s} with every character beyond ASCII written as the {@code \DDD} escapes of its UTF-8 bytes. */
    private static String bytesEscaped(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                sb.append(c);
                continue;
            }
            int cp = s.codePointAt(i);
            if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
                cp = 0xFFFD; // an unpaired surrogate: Go's decoder has already made it U+FFFD
            }
            i += Character.charCount(cp) - 1;
            for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int v = b & 0xff;
                sb.append('\\').append((char) ('0' + v / 100)).append((char) ('0' + v / 10 % 10)).append((char) ('0' + v % 10));
            }
        }
        return sb.toString();
    }
}
