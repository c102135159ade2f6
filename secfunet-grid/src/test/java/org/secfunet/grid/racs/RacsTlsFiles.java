package org.secfunet.grid.racs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.net.PemTls;

/** A throwaway PKI written as PEM files: ca.pem, server.pem/server.key, and NAME.pem/NAME.key per client. */
final class RacsTlsFiles {
    final Path dir;
    final ThrowawayPki pki;

    RacsTlsFiles(Path dir) throws Exception {
        this.dir = dir;
        this.pki = ThrowawayPki.create("RACS Test CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        Files.writeString(dir.resolve("ca.pem"), ThrowawayPki.pem(pki.ca().certificate()));
        write("server", pki.server("localhost"));
    }

    /** Writes a client certificate with CN = name; returns the certificate file (the key is NAME.key). */
    Path client(String name) throws Exception {
        write(name, pki.client(name));
        return dir.resolve(name + ".pem");
    }

    /** A second, unrelated CA's client (its certificate does not chain to ca.pem). */
    Path strangerClient(String name) throws Exception {
        ThrowawayPki other = ThrowawayPki.create("Other CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        write(name, other.client(name));
        return dir.resolve(name + ".pem");
    }

    /** A JSSE client context presenting NAME's certificate and trusting ca.pem. */
    SSLContext clientContext(String name) throws Exception {
        return PemTls.context(PemTls.privateKey(dir.resolve(name + ".key")), PemTls.certificates(dir.resolve(name + ".pem")),
                List.of(pki.ca().certificate()));
    }

    private void write(String name, ThrowawayPki.Credential c) throws Exception {
        c.writePem(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }
}
