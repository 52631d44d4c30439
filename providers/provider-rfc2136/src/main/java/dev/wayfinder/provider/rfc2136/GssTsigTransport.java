package dev.wayfinder.provider.rfc2136;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TKEYRecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;

/**
 * GSS-TSIG (RFC 3645) for Windows DNS secure updates, and BIND with {@code tkey-gssapi-keytab}: logs
 * in to Kerberos, negotiates a security context with each server through TKEY, and signs every
 * UPDATE and AXFR query with it. Plain TCP with the raw bytes kept, because an answer's signature
 * is verified over its exact wire form. One context per server, renegotiated when it expires or the
 * server no longer knows it.
 */
public final class GssTsigTransport implements DnsTransport {

    private static final Oid KRB5;

    static {
        try {
            KRB5 = new Oid("1.2.840.113554.1.2.2");
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A negotiated context and the TSIG key name that refers to it. */
    private record Session(Name keyName, GSSContext context) {
    }

    private final String principal;
    private final char[] password;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private GSSCredential credential;

    /** @param principal {@code user@REALM}; the password is kept only in this object and never logged */
    public GssTsigTransport(String principal, String password, Clock clock) {
        this.principal = principal;
        this.password = password.toCharArray();
        this.clock = clock;
    }

    @Override
    public List<Record> transfer(InetSocketAddress server, Name zone, TSIG ignored, Duration timeout) throws IOException, ZoneTransferException {
        Message query = Message.newQuery(Record.newRecord(zone, Type.AXFR, DClass.IN));
        Session s = session(server, timeout);
        List<Record> out = new ArrayList<>();
        synchronized (s) {
            readTransfer(server, s, sign(query, s), timeout, out);
        }
        return out;
    }

    private void readTransfer(InetSocketAddress server, Session s, GssTsig.Signed signed, Duration timeout, List<Record> out)
            throws IOException, ZoneTransferException {
        try (Socket socket = connect(server, timeout)) {
            write(socket, signed.wire());
            int soas = 0;
            boolean first = true;
            while (soas < 2) {
                byte[] raw = read(socket);
                Message m = new Message(raw);
                if (m.getRcode() != Rcode.NOERROR) {
                    dropIfKeyRejected(server, m);
                    throw new ZoneTransferException(Rcode.string(m.getRcode()) + tsigError(m));
                }
                if (first) {
                    // Later messages of a long transfer chain their MACs; only the first is verified (see GSS-TSIG.md).
                    GssTsig.verify(raw, signed.mac(), s.context());
                    first = false;
                }
                for (Record r : m.getSection(Section.ANSWER)) {
                    if (r instanceof SOARecord) {
                        soas++;
                    }
                    if (soas < 2 || !(r instanceof SOARecord)) {
                        out.add(r);
                    }
                }
                if (m.getSection(Section.ANSWER).isEmpty()) {
                    throw new ZoneTransferException("empty transfer message");
                }
            }
        }
    }

    @Override
    public Message send(InetSocketAddress server, Message message, TSIG ignored, Duration timeout) throws IOException {
        Session s = session(server, timeout);
        synchronized (s) { // a GSS context's sequence numbers are not for concurrent use
            GssTsig.Signed signed = sign(message, s);
            byte[] raw = exchange(server, signed.wire(), timeout);
            Message answer = new Message(raw);
            if (answer.getTSIG() != null && answer.getTSIG().getError() == Rcode.NOERROR) {
                GssTsig.verify(raw, signed.mac(), s.context());
            } else {
                dropIfKeyRejected(server, answer);
            }
            return answer;
        }
    }


    private GssTsig.Signed sign(Message m, Session s) throws IOException {
        try {
            return GssTsig.sign(m, s.keyName(), s.context(), clock.instant());
        } catch (GSSException e) {
            throw new IOException("GSS-TSIG signing failed: " + e.getMessage(), e);
        }
    }

    private void dropIfKeyRejected(InetSocketAddress server, Message answer) {
        if (answer.getRcode() == Rcode.NOTAUTH || answer.getTSIG() != null && answer.getTSIG().getError() != 0) {
            sessions.remove(key(server));
        }
    }

    private Session session(InetSocketAddress server, Duration timeout) throws IOException {
        Session s = sessions.get(key(server));
        if (s != null && s.context().isEstablished() && s.context().getLifetime() > 60) {
            return s;
        }
        s = negotiate(server, timeout);
        sessions.put(key(server), s);
        return s;
    }

    /** TKEY mode 3: hand the context's tokens to the server until the context is established. */
    private Session negotiate(InetSocketAddress server, Duration timeout) throws IOException {
        try {
            GSSManager manager = GSSManager.getInstance();
            GSSName service = manager.createName("DNS@" + server.getHostString(), GSSName.NT_HOSTBASED_SERVICE);
            GSSContext context = manager.createContext(service, KRB5, credential(), GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            context.requestInteg(true);
            Name keyName = Name.fromString(UUID.randomUUID().toString().substring(0, 8) + ".sig-" + server.getHostString() + ".");
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            while (!context.isEstablished()) {
                Instant now = clock.instant();
                Message q = Message.newQuery(Record.newRecord(keyName, Type.TKEY, DClass.ANY));
                q.addRecord(new TKEYRecord(keyName, DClass.ANY, 0, TSIG.GSS_TSIG, now, now.plus(Duration.ofDays(1)),
                        TKEYRecord.GSSAPI, 0, token, null), Section.ADDITIONAL);
                Message answer = new Message(exchange(server, q.toWire(), timeout));
                TKEYRecord tkey = answer.getSection(Section.ANSWER).stream().filter(TKEYRecord.class::isInstance)
                        .map(TKEYRecord.class::cast).findFirst()
                        .orElseThrow(() -> new IOException("TKEY negotiation with " + server.getHostString() + " got no TKEY answer ("
                                + Rcode.string(answer.getRcode()) + ")"));
                if (tkey.getError() != 0) {
                    throw new KerberosException("TKEY negotiation with " + server.getHostString() + " as " + principal + " failed: "
                            + Rcode.TSIGstring(tkey.getError()), null);
                }
                token = context.initSecContext(tkey.getKey(), 0, tkey.getKey().length);
                if (token == null && !context.isEstablished()) {
                    throw new IOException("TKEY negotiation with " + server.getHostString() + " stalled");
                }
            }
            return new Session(keyName, context);
        } catch (GSSException e) {
            throw new KerberosException("Kerberos context for DNS@" + server.getHostString() + " as " + principal
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** A Kerberos failure: a wrong password or an unknown principal will not heal by retrying. */
    public static final class KerberosException extends IOException {
        private static final long serialVersionUID = 1L;

        KerberosException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private synchronized GSSCredential credential() throws KerberosException {
        if (credential != null) {
            try {
                if (credential.getRemainingLifetime() > 60) {
                    return credential;
                }
            } catch (GSSException e) {
                credential = null;
            }
        }
        try {
            LoginContext login = new LoginContext("wayfinder-rfc2136", new Subject(), callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(principal);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            }, KERBEROS_LOGIN);
            login.login();
            credential = Subject.doAs(login.getSubject(), (PrivilegedExceptionAction<GSSCredential>) () ->
                    GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME, KRB5, GSSCredential.INITIATE_ONLY));
            return credential;
        } catch (LoginException e) {
            throw new KerberosException("Kerberos login as " + principal + " failed: " + e.getMessage(), e);
        } catch (java.security.PrivilegedActionException e) {
            throw new KerberosException("Kerberos credentials for " + principal + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** JAAS as an object, not a global file: Kerberos with the password given here, no ticket cache. */
    private static final Configuration KERBEROS_LOGIN = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                    Map.of("useTicketCache", "false", "refreshKrb5Config", "true", "isInitiator", "true"))};
        }
    };

    private static String key(InetSocketAddress server) {
        return server.getHostString() + ":" + server.getPort();
    }

    private static String tsigError(Message m) {
        return m.getTSIG() != null && m.getTSIG().getError() != 0 ? " (TSIG " + Rcode.TSIGstring(m.getTSIG().getError()) + ")" : "";
    }

    private static byte[] exchange(InetSocketAddress server, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = connect(server, timeout)) {
            write(socket, request);
            return read(socket);
        }
    }

    private static Socket connect(InetSocketAddress server, Duration timeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    private static void write(Socket socket, byte[] wire) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
    }

    private static byte[] read(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }
}
