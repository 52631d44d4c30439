package dev.wayfinder.system.differential;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * CoreDNS's query log ({@code log} plugin, format {@value #FORMAT}), read as it grows: it says which
 * questions CoreDNS has finished with and the rcode it answered, which is how a reply it could not
 * send is told from a slow one. The line is written after the reply was (or failed to be) written.
 */
final class CoreDnsQueryLog {

    static final String MARK = "WFQ";
    /** The {@code log} plugin's format: client port, query id, rcode, and last the lower-cased name (which may hold spaces). */
    static final String FORMAT = MARK + " {port} {>id} {rcode} {name}";

    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    /** (port id name) → the rcode of its last line; nested lookups CoreDNS makes for itself come first. */
    private final Map<String, String> handled = new HashMap<>();

    CoreDnsQueryLog(Path file) {
        this.file = file;
    }

    static String key(int port, int id, String name) {
        return port + " " + id + " " + name.toLowerCase(Locale.ROOT);
    }

    /** The rcode CoreDNS logged for this question (its name as CoreDNS prints it), once it has. */
    synchronized Optional<String> rcode(int port, int id, Name name) {
        readNew();
        return Optional.ofNullable(handled.get(key(port, id, presentation(name))));
    }

    /** A name as miekg/dns prints it (its escapes differ from dnsjava's): {@code \X} for specials, {@code \DDD} for the rest. */
    static String presentation(Name name) {
        if (name.labels() <= 1) {
            return ".";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.labels() - 1; i++) {
            byte[] label = name.getLabel(i);
            for (int j = 1; j < label.length; j++) {
                int b = label[j] & 0xff;
                if (".' @;()\"\\".indexOf(b) >= 0) {
                    sb.append('\\').append((char) b);
                } else if (b < ' ' || b > '~') {
                    sb.append(String.format("\\%03d", b));
                } else {
                    sb.append((char) b);
                }
            }
            sb.append('.');
        }
        return sb.toString();
    }

    private void readNew() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return;
            }
            byte[] buf = new byte[(int) (length - offset)];
            f.seek(offset);
            f.readFully(buf);
            offset = length;
            partial.append(new String(buf, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CoreDNS's log " + file, e);
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            int at = line.indexOf(MARK + " ");
            if (at >= 0) {
                String[] f = line.substring(at + MARK.length() + 1).split(" ", 4);
                if (f.length == 4) {
                    handled.put(key(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[3]), f[2]);
                }
            }
        }
    }
}
