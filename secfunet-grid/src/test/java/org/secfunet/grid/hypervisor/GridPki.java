package org.secfunet.grid.hypervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.net.PemTls;

/** A throwaway CA for grid services and their clients, written as PEM files the way an operator keeps them. */
public final class GridPki {
    public final ThrowawayPki ca = ThrowawayPki.create("Grid Test CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
    public final Path dir;
    public final Path caPem;

    public GridPki(Path dir) throws Exception {
        this.dir = dir;
        this.caPem = dir.resolve("grid-ca.pem");
        Files.writeString(caPem, ThrowawayPki.pem(ca.ca().certificate()));
    }

    /** Writes NAME.pem and NAME.key for a server (DNS name localhost) or a client (CN = name). */
    public Path[] issue(String name, boolean server) throws Exception {
        return ca.issueFiles(dir, name, server);
    }

    /** A client context with NAME's certificate, trusting this CA. */
    public SSLContext client(String name) throws Exception {
        Path[] f = issue(name, false);
        return PemTls.context(f[1], f[0], caPem);
    }
}
