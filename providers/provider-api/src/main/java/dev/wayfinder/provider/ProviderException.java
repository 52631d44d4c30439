package dev.wayfinder.provider;

/**
 * A provider failure. {@link Kind#TRANSIENT} failures (a timeout, an unreachable server, a lost
 * race with another writer) are worth retrying; {@link Kind#PERMANENT} ones (a refused key, a
 * record that cannot be expressed, a conflict with another owner) will fail again the same way.
 */
public final class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind { TRANSIENT, PERMANENT }

    private final Kind kind;

    public ProviderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
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

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
