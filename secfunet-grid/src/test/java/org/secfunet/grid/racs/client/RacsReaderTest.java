package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.net.PemTls;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardCommands;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** racs:// readers against the real RACS server: APDUs, the SE lock between sessions, access control. */
class RacsReaderTest {
    @TempDir
    Path dir;

    @Test
    void aRacsReaderIsACardWithItsLockAndItsAccessControl() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1000, 4))) {
            RacsReaderProvider allowed = new RacsReaderProvider(
                    PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem")));
            Readers readers = new Readers(java.util.List.of(allowed));
            ReaderAddress se1 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se1");
            try (CardSession first = readers.connect(se1, ConnectOptions.DEFAULT)) {
                assertThat(first.readerName()).isEqualTo(se1.text());
                assertThat(first.atr()).as("the ATR from POWERON").isNotEmpty();
                byte[] answer = first.transport().transmit(Hex.decode("00A404000A" + Hex.encode(EapCardCommands.aid())));
                assertThat(Hex.encode(answer)).isEqualTo("9000");
                assertThatThrownBy(() -> readers.connect(se1, ConnectOptions.DEFAULT)).isInstanceOf(ReaderException.class)
                        .hasMessageContaining("SE se1 is in use by another session").hasMessageContaining("-708");
            }
            // the first session shut the SE down: the card is free again, and usable by the full driver
            try (EapSmartcard card = new EapSmartcard(readers.connect(se1, ConnectOptions.DEFAULT), org.secfunet.apdu.trace.Tracer.OFF, ApduMode.SHORT)) {
                card.select();
                assertThat(card.pinTriesLeft()).isEqualTo(3);
                assertThat(card.identities()).contains("web");
            }
            RacsReaderProvider stranger = new RacsReaderProvider(lab.vm("stranger"));
            assertThatThrownBy(() -> stranger.connect(se1, ConnectOptions.DEFAULT)).isInstanceOf(ReaderException.class)
                    .hasMessageContaining("not authorised");
            assertThatThrownBy(() -> readers.connect(ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se9"), ConnectOptions.DEFAULT))
                    .isInstanceOf(ReaderException.class).hasMessageContaining("se9");
        }
    }

    @Test
    void pooledConnectionsAreReusedAfterShutdownAndReplacedWhenTheServerRestarted() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(2, 1, true, 1000, 4));
             RacsConnections pool = new RacsConnections(2, 60_000, System::nanoTime);
             RacsReaderProvider provider = new RacsReaderProvider(
                     PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem")), pool)) {
            Readers readers = new Readers(java.util.List.of(provider));
            ReaderAddress se1 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se1");
            ReaderAddress se2 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se2");
            int before = lab.racs().activeSessions(); // the hypervisor's own probes may hold none or some
            for (int i = 0; i < 3; i++) {
                try (CardSession s = readers.connect(i % 2 == 0 ? se1 : se2, ConnectOptions.DEFAULT)) {
                    assertThat(Hex.encode(s.transport().transmit(Hex.decode("00A404000A" + Hex.encode(EapCardCommands.aid()))))).isEqualTo("9000");
                }
                assertThat(pool.idle()).as("given back after SHUTDOWN").isEqualTo(1);
            }
            assertThat(lab.racs().activeSessions() - before).as("one connection served the three sessions").isLessThanOrEqualTo(1);
            // the SE is free (SHUTDOWN ran) although the connection lives on
            try (CardSession a = readers.connect(se1, ConnectOptions.DEFAULT); CardSession b = readers.connect(se2, ConnectOptions.DEFAULT)) {
                assertThat(a.atr()).isNotEmpty();
                assertThat(b.atr()).isNotEmpty();
            }
            assertThat(pool.idle()).isEqualTo(2);
            int port = lab.racsPort();
            lab.stopRacs();
            lab.startRacs(port);
            try (CardSession s = readers.connect(se1, ConnectOptions.DEFAULT)) {
                assertThat(Hex.encode(s.transport().transmit(Hex.decode("00A404000A" + Hex.encode(EapCardCommands.aid()))))).as("after the restart")
                        .isEqualTo("9000");
            }
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void idleConnectionsExpire() throws Exception {
        long[] now = {0};
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1000, 4));
             RacsConnections pool = new RacsConnections(4, 1_000, () -> now[0]);
             RacsReaderProvider provider = new RacsReaderProvider(
                     PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem")), pool)) {
            ReaderAddress se1 = ReaderAddress.parse("racs://127.0.0.1:" + lab.racsPort() + "/se1");
            provider.connect(se1, ConnectOptions.DEFAULT).close();
            assertThat(pool.idle()).isEqualTo(1);
            now[0] += 2_000_000_000L;
            try (CardSession s = provider.connect(se1, ConnectOptions.DEFAULT)) {
                assertThat(pool.idle()).as("the expired one was closed, not used").isZero();
            }
            assertThat(pool.idle()).isEqualTo(1);
            now[0] += 2_000_000_000L;
            pool.sweep();
            assertThat(pool.idle()).as("a sweep lets the quiet ones go").isZero();
        }
    }
}
