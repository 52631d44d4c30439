package dev.wayfinder.model.skydns;

/** A value CoreDNS would refuse to decode (and answer SERVFAIL for); the message says why. */
public final class SkyDnsFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public SkyDnsFormatException(String message) {
        super(message);
    }

    public SkyDnsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
