package dev.wayfinder.provider.etcd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for a TLS etcd, made at test time with the {@code openssl} command: a CA, a server
 * certificate for {@code localhost}/{@code 127.0.0.1} and a client certificate, all signed by the CA.
 * Keys are PKCS#8 PEM, which both etcd and netty read.
 */
public record EtcdTls(Path caFile, Path serverCertFile, Path serverKeyFile, Path clientCertFile, Path clientKeyFile) {

    /** The server name the server certificate carries, for {@code ETCD_TLS_SERVER_NAME}. */
    public static final String SERVER_NAME = "localhost";

    public static EtcdTls generate(Path dir) throws IOException {
        String openssl = EtcdBinaries.find("openssl").orElseThrow(() -> new IllegalStateException(
                "openssl not found: install Debian package openssl (apt-get install openssl) to run TLS tests"));
        EtcdTls tls = new EtcdTls(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
        Path caKey = dir.resolve("ca.key");
        run(dir, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=wayfinder-test-ca",
                "-keyout", caKey.toString(), "-out", tls.caFile.toString());
        sign(dir, openssl, tls, caKey, "server", "/CN=" + SERVER_NAME,
                "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
        sign(dir, openssl, tls, caKey, "client", "/CN=wayfinder-test-client", "extendedKeyUsage=clientAuth\n");
        return tls;
    }

    private static void sign(Path dir, String openssl, EtcdTls tls, Path caKey, String name, String subject, String extensions)
            throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        run(dir, openssl, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject, "-keyout", key.toString(),
                "-out", csr.toString());
        run(dir, openssl, "x509", "-req", "-in", csr.toString(), "-CA", tls.caFile.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", dir.resolve(name + ".crt").toString());
    }

    private static void run(Path dir, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl failed: " + String.join(" ", cmd) + "\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running openssl", e);
        }
    }
}
