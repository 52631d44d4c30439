package dev.wayfinder.system.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A generated SkyDNS tree: etcd keys under {@code /skydns/} and their raw values (JSON or not, as
 * bytes, so a value may hold a byte-order mark or invalid UTF-8). A key given twice keeps its last
 * value, as two puts would.
 */
record SkyDnsTree(Map<String, byte[]> entries) {

    static final String PREFIX = "/skydns/";

    static SkyDnsTree of(List<Entry> entries) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.remove(e.key());
            m.put(e.key(), e.value());
        }
        return new SkyDnsTree(m);
    }

    /** One key and its value. */
    record Entry(String key, byte[] value) {
        static Entry of(String key, String value) {
            return new Entry(key, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.key.equals(key) && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return key + " " + printable(value);
        }
    }

    /** The DNS name a key stands for (SkyDNS's reverse mapping; empty segments from {@code //} or a trailing {@code /} skipped). */
    static String nameOf(String key) {
        String[] parts = key.substring(PREFIX.length()).split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                sb.append(parts[i]).append('.');
            }
        }
        return sb.toString();
    }

    /** Every name the keys stand for, and every name above them (empty non-terminals), without the bare prefix. */
    List<String> names() {
        TreeSet<String> out = new TreeSet<>();
        for (String key : entries.keySet()) {
            String name = nameOf(key);
            while (!name.isEmpty()) {
                out.add(name);
                int dot = nextDot(name);
                name = dot < 0 ? "" : name.substring(dot + 1);
            }
        }
        return new ArrayList<>(out);
    }

    /** The first unescaped dot. */
    private static int nextDot(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '.') {
                return i;
            }
        }
        return -1;
    }

    /**
     * True when some name the etcd plugin could put in a reply has an empty label: a key with an empty
     * segment (its SRV, MX or NS target, made from the key) or a value whose text holds {@code ..}.
     */
    boolean hasUnpackableName() {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().contains("//") || new String(e.getValue(), StandardCharsets.UTF_8).contains("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SkyDnsTree t) || t.entries.size() != entries.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!Arrays.equals(e.getValue(), t.entries.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** The tree as {@code etcdctl get --prefix} would list it, one key and value a line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        new TreeSet<>(entries.keySet()).forEach(k -> sb.append("  ").append(k).append("  ").append(printable(entries.get(k))).append('\n'));
        return sb.toString();
    }

    /** A value as text, with bytes that are not printable ASCII written as {@code \xNN}. */
    static String printable(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length);
        for (byte b : value) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
