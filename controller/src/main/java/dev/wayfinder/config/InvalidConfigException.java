package dev.wayfinder.config;

import java.util.List;

/** The configuration has problems; all of them are listed, each naming the setting. */
public final class InvalidConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public InvalidConfigException(List<String> violations) {
        super("invalid configuration:\n  - " + String.join("\n  - ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
