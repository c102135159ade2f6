package org.secfunet.radius.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * A throwaway PKI for EAP-TLS over RADIUS that strict peers and servers accept (CA with
 * keyCertSign, server with serverAuth and a DNS name, clients with clientAuth and an e-mail name),
 * written as the PEM files hostapd, FreeRADIUS and eapol_test read.
 */
public final class RadiusPki {
    public static final String SERVER_NAME = "radius.test.local";

    public final ThrowawayPki ca;
    public final Path dir;
    public final Path caPem;

    public RadiusPki(Path dir, ThrowawayPki.KeyType type, Duration validity, String prefix) throws IOException {
        this.dir = dir;
        this.ca = ThrowawayPki.create(prefix + " EAP CA", type, validity);
        this.caPem = dir.resolve(prefix + "-ca.pem");
        Files.writeString(caPem, ThrowawayPki.pem(ca.ca().certificate()));
    }

    /** PEM certificate and PKCS#8 key of a new server credential: {cert, key}. */
    public Path[] server(String name) throws IOException {
        return write(name, ca.server(SERVER_NAME));
    }

    /** PEM certificate and PKCS#8 key of a new client credential named {@code identity}: {cert, key}. */
    public Path[] client(String name, String identity) throws IOException {
        return write(name, ca.client(identity));
    }

    /** Writes NAME.pem and NAME.key of a credential: {cert, key}. */
    public Path[] write(String name, ThrowawayPki.Credential c) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        c.writePem(cert, key);
        return new Path[] {cert, key};
    }
}
