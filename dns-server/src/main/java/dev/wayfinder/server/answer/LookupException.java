package dev.wayfinder.server.answer;

/**
 * Why a lookup produced no records: the name's key was not found (NXDOMAIN) or the backend
 * failed (SERVFAIL), as CoreDNS's {@code IsNameError} distinguishes them. Carries no stack trace:
 * it is a normal outcome on the query path, not a bug.
 */
final class LookupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean notFound;

    private LookupException(boolean notFound, String message) {
        super(message, null, false, false);
        this.notFound = notFound;
    }

    static LookupException notFound() {
        return new LookupException(true, "key not found");
    }

    static LookupException failure(String message) {
        return new LookupException(false, message);
    }

    boolean isNotFound() {
        return notFound;
    }
}
