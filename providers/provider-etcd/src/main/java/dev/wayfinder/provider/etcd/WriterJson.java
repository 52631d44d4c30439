package dev.wayfinder.provider.etcd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.writers.Writer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer's registration as the value of its etcd key, readable with {@code etcdctl get}:
 * {@code {"instance":…,"host":…,"area":"/skydns/","domains":["example.org"],"election":"","since":"2026-…Z"}}.
 * The place in line is not stored: it is the key's create revision.
 */
final class WriterJson {

    private static final JsonFactory JSON = new JsonFactory();

    private WriterJson() {
    }

    static String encode(Writer w) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("instance", w.instance());
            g.writeStringField("host", w.host());
            g.writeStringField("area", w.area());
            g.writeArrayFieldStart("domains");
            for (DnsName d : w.domains()) {
                g.writeString(d.toString());
            }
            g.writeEndArray();
            g.writeStringField("election", w.election());
            g.writeStringField("since", w.since().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming what is wrong with the value */
    static Writer decode(String value) {
        String instance = null;
        String host = "";
        String area = "";
        String election = "";
        Instant since = Instant.EPOCH;
        List<DnsName> domains = new ArrayList<>();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "instance" -> instance = p.getValueAsString();
                    case "host" -> host = p.getValueAsString("");
                    case "area" -> area = p.getValueAsString("");
                    case "election" -> election = p.getValueAsString("");
                    case "since" -> since = Instant.parse(p.getValueAsString());
                    case "domains" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("domains is not an array");
                        }
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            domains.add(DnsName.of(p.getValueAsString()));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | DateTimeParseException | dev.wayfinder.model.InvalidDnsNameException e) {
            throw new IllegalArgumentException("not a writer registration: " + e.getMessage(), e);
        }
        if (instance == null || instance.isEmpty()) {
            throw new IllegalArgumentException("not a writer registration: no instance");
        }
        return new Writer(instance, host, 0, area, domains, election, since);
    }
}
