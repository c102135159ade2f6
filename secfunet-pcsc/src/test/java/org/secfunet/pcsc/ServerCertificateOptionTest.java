package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected server certificate of a connect: its encoding, and who may be asked to check it. */
class ServerCertificateOptionTest {
    private static final String SHA = "AB".repeat(32);

    @Test
    void theFingerprintIsKeptAsLowerCaseHexThroughTheOtherOptions() {
        assertThat(ConnectOptions.DEFAULT.pinsServerCertificate()).isFalse();
        assertThat(ConnectOptions.DEFAULT.serverCertSha256()).isNull();
        ConnectOptions o = ConnectOptions.DEFAULT.expectingServerCertificate(SHA).fencedWith(7).exclusive().waitingFor(5);
        assertThat(o.serverCertSha256()).isEqualTo("ab".repeat(32));
        assertThat(o.pinsServerCertificate()).isTrue();
        assertThat(o.fencingToken()).isEqualTo(7);
        assertThat(o.share()).isEqualTo(ShareMode.EXCLUSIVE);
        assertThatThrownBy(() -> ConnectOptions.DEFAULT.expectingServerCertificate("ab:cd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a certificate fingerprint is 64 hex digits (SHA-256)");
        assertThatThrownBy(() -> ConnectOptions.DEFAULT.expectingServerCertificate(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProviderThatCannotCheckTheCertificateIsNotAskedTo() {
        ReaderProvider plain = new ReaderProvider() {
            @Override
            public boolean supports(ReaderAddress address) {
                return true;
            }

            @Override
            public CardSession connect(ReaderAddress address, ConnectOptions options) {
                throw new AssertionError("must not be asked");
            }
        };
        Readers readers = new Readers(List.of(plain));
        assertThatThrownBy(() -> readers.connect("0", ConnectOptions.DEFAULT.expectingServerCertificate(SHA)))
                .isInstanceOf(ReaderException.class).hasMessageContaining("cannot check its server's certificate fingerprint");
    }

    @Test
    void theMismatchNamesBothFingerprintsAndTheRegisteredServer() {
        ServerCertificateMismatchException e = new ServerCertificateMismatchException("127.0.0.1:9", "aa".repeat(32), "bb".repeat(32));
        assertThat(e).isInstanceOf(ReaderException.class);
        assertThat(e.notRegistered("racs-1")).isEqualTo("RACS server 'racs-1' at 127.0.0.1:9 presented a certificate that is not the one it "
                + "registered in ZooKeeper (sha256 " + "bb".repeat(32) + ", registered " + "aa".repeat(32) + "); another process may hold its address");
    }
}
