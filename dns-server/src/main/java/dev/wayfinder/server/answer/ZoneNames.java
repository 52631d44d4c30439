package dev.wayfinder.server.answer;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Zone arguments as CoreDNS normalises them ({@code plugin.Host.NormalizeExact}): names are
 * lower-cased and made fully qualified; a CIDR becomes its reverse zones, split on octet (IPv4)
 * or nibble (IPv6) boundaries, so {@code 10.0.0.0/24} is {@code 0.0.10.in-addr.arpa.} and
 * {@code 10.0.0.0/23} is two zones.
 */
public final class ZoneNames {

    private ZoneNames() {
    }

    /** Every zone argument normalised, in order, duplicates removed. */
    public static List<String> normalize(List<String> zones) {
        Set<String> out = new LinkedHashSet<>();
        for (String z : zones) {
            Optional<List<String>> reverse = reverseZones(z);
            if (reverse.isPresent()) {
                out.addAll(reverse.get());
            } else {
                out.add(Names.fqdn(z.toLowerCase(Locale.ROOT)));
            }
        }
        return List.copyOf(out);
    }

    /** The reverse zones of a CIDR such as {@code 10.0.0.0/24} or {@code 2001:db8::/48}; empty when {@code s} is no CIDR. */
    static Optional<List<String>> reverseZones(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String ipText = s.substring(0, slash);
        String bitsText = s.substring(slash + 1);
        Optional<InetAddress> ip = dev.wayfinder.model.IpLiteral.parse(ipText);
        if (ip.isEmpty() || bitsText.isEmpty() || bitsText.length() > 3 || !bitsText.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        boolean v4 = ip.get() instanceof Inet4Address && ipText.indexOf(':') < 0;
        int total = v4 ? 32 : 128;
        int ones = Integer.parseInt(bitsText);
        if (ones > total) {
            return Optional.empty();
        }
        byte[] raw = ip.get().getAddress();
        if (!v4 && raw.length == 4) { // an IPv4-mapped IPv6 literal is still an IPv6 network
            byte[] wide = new byte[16];
            wide[10] = (byte) 0xff;
            wide[11] = (byte) 0xff;
            System.arraycopy(raw, 0, wide, 12, 4);
            raw = wide;
        }
        int digit = v4 ? 8 : 4;
        BigInteger network = new BigInteger(1, raw).shiftRight(total - ones).shiftLeft(total - ones);
        int aligned = (ones + digit - 1) / digit * digit;
        int count = 1 << (aligned - ones);
        List<String> zones = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger subnet = network.add(BigInteger.valueOf(i).shiftLeft(total - aligned));
            zones.add(reverseName(subnet, v4, aligned / digit));
        }
        return Optional.of(zones);
    }

    /** The reverse name of the first {@code digits} octets (IPv4) or nibbles (IPv6) of {@code address}. */
    private static String reverseName(BigInteger address, boolean v4, int digits) {
        StringBuilder sb = new StringBuilder();
        int total = v4 ? 32 : 128;
        int width = v4 ? 8 : 4;
        for (int i = digits - 1; i >= 0; i--) {
            int value = address.shiftRight(total - (i + 1) * width).intValue() & ((1 << width) - 1);
            sb.append(v4 ? Integer.toString(value) : Integer.toHexString(value)).append('.');
        }
        return sb.append(v4 ? "in-addr.arpa." : "ip6.arpa.").toString();
    }
}
