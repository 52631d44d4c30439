package dev.wayfinder.server.faults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generated zone for the amplification row: {@code n} names directly under the zone, half with an
 * address and a port (A and SRV answers), half with a 200-character text (TXT), as SkyDNS keys and
 * values ({@code /skydns/test/wayfinder/svc-0001} → JSON). The zone name {@code wayfinder.test} makes
 * the {@code *.wayfinder.test SRV} query with EDNS 45 bytes long, the size issue 14 measured. Plain Java.
 */
public final class BigZone {

    public static final String ZONE = "wayfinder.test";

    private BigZone() {
    }

    public static Map<String, String> entries(int n) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = "v=wayfinder; " + "x".repeat(187);
        for (int i = 0; i < n; i++) {
            String key = String.format("/skydns/test/wayfinder/svc-%04d", i);
            out.put(key, i % 2 == 0
                    ? String.format("{\"host\":\"10.%d.%d.%d\",\"port\":8080,\"ttl\":300}", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff)
                    : "{\"text\":\"" + text + "\",\"ttl\":300}");
        }
        return out;
    }
}
