package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.ProviderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.ZoneTransferException;

/**
 * Talks to the configured servers: tries them in order, retries transient faults (no answer, a
 * SERVFAIL) in rounds with a doubling pause, and turns a refusal (REFUSED, NOTAUTH, a TSIG error)
 * into a permanent error naming the zone, the server and the key, never the secret.
 */
final class Rfc2136Client {

    private static final Logger log = LoggerFactory.getLogger(Rfc2136Client.class);

    private final Rfc2136Config config;
    private final DnsTransport transport;
    private final TSIG tsig;

    Rfc2136Client(Rfc2136Config config, DnsTransport transport) {
        this.config = config;
        this.transport = transport;
        // With GSS-TSIG the transport signs (GssTsigTransport); there is no HMAC key.
        this.tsig = config.insecure() || config.gssTsig() ? null : new TSIG(config.tsigAlgorithm().dnsName(),
                RecordCodec.name(DnsName.of(config.tsigKeyname())), Base64.getDecoder().decode(config.tsigSecret().trim()));
    }

    /** A fault worth trying again, on the next server or in the next round. */
    private static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;

        Fault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(InetSocketAddress server) throws Fault, ProviderException;
    }

    /** The zone's records through AXFR. */
    List<Record> transfer(DnsName zone) throws ProviderException {
        TSIG key = config.tsigAxfr() ? tsig : null;
        return withRetries("zone transfer (AXFR)", zone, server -> {
            try {
                return transport.transfer(server, RecordCodec.name(zone), key, config.timeout());
            } catch (ZoneTransferException e) {
                if (String.valueOf(e.getMessage()).contains("SERVFAIL")) {
                    throw new Fault("SERVFAIL", e);
                }
                throw ProviderException.permanent("zone transfer (AXFR) of zone " + zone + " from " + hostPort(server) + " failed: "
                        + e.getMessage() + (key == null ? " (unsigned; --rfc2136-tsig-axfr is off)" : " with " + config.keyDescription())
                        + "; " + hint(String.valueOf(e.getMessage()), "allow-transfer"), e);
            } catch (GssTsigTransport.KerberosException e) {
                throw ProviderException.permanent("zone transfer (AXFR) of zone " + zone + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new Fault(describe(e), e);
            }
        });
    }

    /**
     * Sends an UPDATE. Returns the answer when it is NOERROR or a failed prerequisite (the caller
     * decides); throws a permanent error on a refusal and a transient one when no server answered.
     */
    Message update(DnsName zone, Message update) throws ProviderException {
        return withRetries("UPDATE", zone, server -> {
            Message response;
            try {
                response = transport.send(server, update, tsig, config.timeout());
            } catch (GssTsigTransport.KerberosException e) {
                throw ProviderException.permanent("UPDATE of zone " + zone + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new Fault(describe(e), e);
            }
            int rcode = response.getRcode();
            switch (rcode) {
                case Rcode.NOERROR:
                    if (tsig != null && !response.isVerified()) {
                        throw ProviderException.permanent("UPDATE of zone " + zone + " at " + hostPort(server)
                                + ": the answer failed TSIG verification with " + config.keyDescription());
                    }
                    return response;
                case Rcode.YXDOMAIN, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.NXRRSET:
                    return response;
                case Rcode.SERVFAIL:
                    throw new Fault("SERVFAIL", null);
                default:
                    throw ProviderException.permanent("UPDATE of zone " + zone + " was refused by " + hostPort(server) + ": "
                            + Rcode.string(rcode) + tsigError(response) + " with " + config.keyDescription()
                            + "; " + hint(Rcode.string(rcode), "update-policy"));
            }
        });
    }

    /** What an operator should look at, by the server's answer. */
    static String hint(String answer, String grant) {
        if (answer.contains("NOTAUTH") || answer.contains("TSIG")) {
            return "the server does not know this key (name, secret or algorithm differ from its key statement)"
                    + " or is not authoritative for the zone";
        }
        if (answer.contains("REFUSED")) {
            return "the server does not hold the zone, or its " + grant + " does not grant this key"
                    + " (BIND also refuses records that fail its check-names or check-integrity rules)";
        }
        if (answer.contains("NOTZONE")) {
            return "a name in the message lies outside the zone; check --rfc2136-zone";
        }
        return "check that the server holds the zone and that its " + grant + " grants this key";
    }

    private static String tsigError(Message response) {
        TSIGRecord t = response.getTSIG();
        return t != null && t.getError() != Rcode.NOERROR ? " (TSIG " + Rcode.TSIGstring(t.getError()) + ")" : "";
    }

    private <T> T withRetries(String what, DnsName zone, Attempt<T> attempt) throws ProviderException {
        Duration pause = config.retryBackoff();
        List<String> faults = new ArrayList<>();
        Throwable last = null;
        for (int round = 1; round <= config.attempts(); round++) {
            for (InetSocketAddress configured : config.servers()) {
                InetSocketAddress server = new InetSocketAddress(configured.getHostString(), configured.getPort());
                try {
                    if (server.isUnresolved()) {
                        throw new Fault("cannot resolve " + configured.getHostString(), null);
                    }
                    return attempt.run(server);
                } catch (Fault f) {
                    faults.add(hostPort(configured) + ": " + f.getMessage());
                    last = f.getCause() != null ? f.getCause() : f;
                    log.warn("{} of zone {} at {} failed (attempt {} of {}): {}", what, zone, hostPort(configured), round, config.attempts(), f.getMessage());
                }
            }
            if (round < config.attempts()) {
                pause(pause);
                pause = pause.multipliedBy(2);
            }
        }
        throw ProviderException.transientFailure(what + " of zone " + zone + " failed on every server after "
                + config.attempts() + " attempts with " + config.keyDescription() + ": " + String.join("; ", lastRound(faults)), last);
    }

    private List<String> lastRound(List<String> faults) {
        int n = config.servers().size();
        return faults.subList(Math.max(0, faults.size() - n), faults.size());
    }

    /** Waits on a scheduler rather than sleeping the thread. */
    private static void pause(Duration d) {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)).join();
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
