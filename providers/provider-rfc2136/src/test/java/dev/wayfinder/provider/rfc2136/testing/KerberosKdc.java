package dev.wayfinder.provider.rfc2136.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kerberos KDC in this JVM (Apache Kerby), as a JUnit extension: realm {@value #REALM}, the
 * service principal {@code DNS/localhost} exported to a keytab for BIND, and a user Wayfinder logs
 * in as. Register it before the {@link NamedProcess} that reads the keytab ({@code @Order}).
 *
 * <p>Java's Kerberos reads its realm and KDC from the {@code java.security.krb5.conf} system
 * property; this sets it for the class and restores it after (tests only; a deployment mounts
 * {@code /etc/krb5.conf} as for ExternalDNS).
 */
public final class KerberosKdc implements BeforeAllCallback, AfterAllCallback {

    public static final String REALM = "EXAMPLE.ORG";
    public static final String USER = "wayfinder";

    private final Path dir;
    private final String password = UUID.randomUUID().toString();
    private SimpleKdcServer kdc;
    private String previousKrb5Conf;

    public KerberosKdc() {
        try {
            dir = Files.createTempDirectory("wayfinder-kdc-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keytab holding {@code DNS/localhost@EXAMPLE.ORG}, written when the KDC starts. */
    public Path serviceKeytab() {
        return dir.resolve("dns.keytab");
    }

    /** The user's principal as BIND's update-policy names it. */
    public String userPrincipal() {
        return USER + "@" + REALM;
    }

    public String password() {
        return password;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(dir.toFile());
        kdc.setKdcHost("localhost");
        kdc.setKdcRealm(REALM);
        kdc.setAllowUdp(false);
        kdc.setKdcTcpPort(port);
        kdc.init();
        kdc.start();
        kdc.createPrincipal("DNS/localhost@" + REALM);
        kdc.exportPrincipal("DNS/localhost@" + REALM, serviceKeytab().toFile());
        kdc.createPrincipal(userPrincipal(), password);
        previousKrb5Conf = System.setProperty("java.security.krb5.conf", dir.resolve("krb5.conf").toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (previousKrb5Conf == null) {
            System.clearProperty("java.security.krb5.conf");
        } else {
            System.setProperty("java.security.krb5.conf", previousKrb5Conf);
        }
        if (kdc != null) {
            kdc.stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
