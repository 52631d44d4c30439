package dev.wayfinder.provider;

import dev.wayfinder.model.DnsName;
import java.util.List;
import java.util.Objects;

/**
 * A provider failure. {@link Kind#TRANSIENT} failures (a timeout, an unreachable server, a lost
 * race with another writer) are worth retrying; {@link Kind#PERMANENT} ones (a refused key, a
 * record that cannot be expressed, a conflict with another owner) will fail again the same way.
 *
 * <p>When an apply got some names through and not others, {@link #names()} says which names were
 * not applied and why, each transient or not, so the caller can report those names and retry only
 * when one of them is worth it. Empty when the failure concerns the whole batch (nothing applied).
 */
public final class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind { TRANSIENT, PERMANENT }

    /** One name an apply did not change, and why; {@code retryable} for a transient cause. */
    public record NameFailure(DnsName name, String reason, boolean retryable) {
        public NameFailure {
            Objects.requireNonNull(name, "name");
            reason = Objects.requireNonNullElse(reason, "");
        }
    }

    private final Kind kind;
    private final transient List<NameFailure> names;

    public ProviderException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, List.of());
    }

    private ProviderException(Kind kind, String message, Throwable cause, List<NameFailure> names) {
        super(message, cause);
        this.kind = kind;
        this.names = List.copyOf(names);
    }

    public static ProviderException transientFailure(String message, Throwable cause) {
        return new ProviderException(Kind.TRANSIENT, message, cause);
    }

    public static ProviderException permanent(String message) {
        return new ProviderException(Kind.PERMANENT, message, null);
    }

    public static ProviderException permanent(String message, Throwable cause) {
        return new ProviderException(Kind.PERMANENT, message, cause);
    }

    /** Some names not applied (the others were): transient when any of them is. */
    public static ProviderException partial(String message, List<NameFailure> failures, Throwable cause) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a partial failure names at least one name");
        }
        boolean retry = failures.stream().anyMatch(NameFailure::retryable);
        return new ProviderException(retry ? Kind.TRANSIENT : Kind.PERMANENT, message, cause, failures);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** The names not applied, when the provider applied the others; empty when the whole batch failed. */
    public List<NameFailure> names() {
        return names == null ? List.of() : names;
    }
}
