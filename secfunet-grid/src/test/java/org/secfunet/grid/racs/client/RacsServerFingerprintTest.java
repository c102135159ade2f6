package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.net.PemTls;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.ServerCertificateMismatchException;

/**
 * A connect that expects the RACS server's certificate fingerprint (as the server registers it in
 * ZooKeeper): the right one serves, another is refused before anything is sent, and pooled
 * connections are never shared between fingerprints.
 */
class RacsServerFingerprintTest {
    private static final String WRONG = "0f".repeat(32);

    @TempDir
    Path dir;

    private String serverSha256() throws Exception {
        return ServerFingerprint.sha256Hex(PemTls.certificates(dir.resolve("racs-server.pem")).get(0));
    }

    @Test
    void theRegisteredFingerprintServesAndAnotherIsRefusedWithBothNamed() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1000, 4));
             RacsReaderProvider provider = new RacsReaderProvider(
                     PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem")))) {
            Readers readers = new Readers(List.of(provider));
            ReaderAddress se1 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se1");
            String right = serverSha256();
            assertThat(right).matches("[0-9a-f]{64}");
            try (CardSession s = readers.connect(se1, ConnectOptions.DEFAULT.expectingServerCertificate(right.toUpperCase(java.util.Locale.ROOT)))) {
                assertThat(s.atr()).as("upper-case hex is the same fingerprint").isNotEmpty();
            }
            try (CardSession s = provider.openFenced((RacsAddress) se1, 1, right)) {
                assertThat(s.atr()).isNotEmpty();
            }
            assertThatThrownBy(() -> readers.connect(se1, ConnectOptions.DEFAULT.expectingServerCertificate(WRONG)))
                    .isInstanceOfSatisfying(ServerCertificateMismatchException.class, e -> {
                        assertThat(e.where()).isEqualTo("127.0.0.1:" + lab.racsPort());
                        assertThat(e.expected()).isEqualTo(WRONG);
                        assertThat(e.presented()).isEqualTo(right);
                    })
                    .hasMessage("the server at 127.0.0.1:" + lab.racsPort() + " presented a certificate with SHA-256 fingerprint " + right
                            + ", not the expected " + WRONG);
            assertThatThrownBy(() -> provider.openFenced((RacsAddress) se1, 2, WRONG)).isInstanceOf(ServerCertificateMismatchException.class);
            try (CardSession s = readers.connect(se1, ConnectOptions.DEFAULT)) {
                assertThat(s.atr()).as("the refused connects left the SE free; without a fingerprint the CA alone decides, as before").isNotEmpty();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // sessions held open for the body, never named in it
    void aPooledConnectionIsReusedOnlyForTheFingerprintItWasVerifiedFor() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1000, 4));
             RacsConnections pool = new RacsConnections(4, 60_000, System::nanoTime);
             RacsReaderProvider provider = new RacsReaderProvider(
                     PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem")), pool)) {
            ReaderAddress se1 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se1");
            ConnectOptions pinned = ConnectOptions.DEFAULT.expectingServerCertificate(serverSha256());
            provider.connect(se1, pinned).close();
            assertThat(pool.idle()).as("verified for the registered fingerprint, given back").isEqualTo(1);
            try (CardSession s = provider.connect(se1, ConnectOptions.DEFAULT)) {
                assertThat(pool.idle()).as("a connect without a fingerprint does not take the pinned connection").isEqualTo(1);
            }
            assertThat(pool.idle()).isEqualTo(2);
            assertThatThrownBy(() -> provider.connect(se1, ConnectOptions.DEFAULT.expectingServerCertificate(WRONG)))
                    .as("another fingerprint takes neither idle connection: it connects, and is refused")
                    .isInstanceOf(ServerCertificateMismatchException.class);
            assertThat(pool.idle()).isEqualTo(2);
            try (CardSession s = provider.connect(se1, pinned)) {
                assertThat(pool.idle()).as("the same fingerprint reuses its own").isEqualTo(1);
            }
            assertThat(pool.idle()).isEqualTo(2);
        }
        assertThat(RacsConnections.key("h:1", null)).isEqualTo("h:1");
        assertThat(RacsConnections.key("h:1", "ab".repeat(32))).isNotEqualTo(RacsConnections.key("h:1", "cd".repeat(32)))
                .isNotEqualTo("h:1");
    }
}
