package dev.wayfinder.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address literals parsed the way Go's {@code net.ParseIP} does, because CoreDNS decides
 * between A, AAAA and a name with it: no leading zeros, no short forms, no zones, no brackets,
 * and an IPv4-mapped IPv6 address counts as IPv4. Never resolves anything.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** The address, or empty when {@code text} is not an IP literal (then it is a name). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!ok) {
                return Optional.empty();
            }
        }
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0 && parseV4(tail).isEmpty()) {
            return Optional.empty();
        }
        // Go allows at most four hex digits a group; Java reads "00001" as 1. A dot may only sit in
        // the IPv4 tail, and a leading one would send InetAddress to the resolver.
        String[] groups = text.substring(0, lastColon + 1).split(":", -1);
        for (String group : groups) {
            if (group.length() > 4 || group.indexOf('.') >= 0) {
                return Optional.empty();
            }
        }
        if (tail.indexOf('.') < 0 && tail.length() > 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return Optional.empty();
            }
            int v = 0;
            for (int c = 0; c < p.length(); c++) {
                char ch = p.charAt(c);
                if (ch < '0' || ch > '9') {
                    return Optional.empty();
                }
                v = v * 10 + (ch - '0');
            }
            if (v > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) v;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code text} is an IPv4 literal (or an IPv4-mapped IPv6 one). */
    public static boolean isV4(String text) {
        return parse(text).filter(a -> a instanceof Inet4Address).isPresent();
    }

    /** True when {@code text} is an IPv6 literal that is not IPv4-mapped. */
    public static boolean isV6(String text) {
        return parse(text).filter(a -> a instanceof Inet6Address).isPresent();
    }

    /** The record type CoreDNS serves for this host: A, AAAA, or empty for a name. */
    public static Optional<RecordType> addressType(String text) {
        return parse(text).map(a -> a instanceof Inet4Address ? RecordType.A : RecordType.AAAA);
    }

    /** The canonical text of an address: dotted quad, or RFC 5952 compressed IPv6. */
    public static String canonical(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
