package dev.wayfinder.gslb.api;

import java.util.List;

/** A Gslb (or annotated Ingress) that cannot be used, with every problem found, each naming its field. */
public final class GslbValidationException extends RuntimeException {
    private final String object;
    private final List<String> problems;

    public GslbValidationException(String object, List<String> problems) {
        super(object + ": " + String.join("; ", problems));
        this.object = object;
        this.problems = List.copyOf(problems);
    }

    public String object() {
        return object;
    }

    public List<String> problems() {
        return problems;
    }
}
