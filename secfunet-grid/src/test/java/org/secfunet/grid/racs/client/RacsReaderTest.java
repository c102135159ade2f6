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
                byte[] answer = first.transport().transmit(Hex.decode("00A404000A" + Hex.encode(EapSmartcard.AID)));
                assertThat(Hex.encode(answer)).isEqualTo("9000");
                assertThatThrownBy(() -> readers.connect(se1, ConnectOptions.DEFAULT)).isInstanceOf(ReaderException.class)
                        .hasMessageContaining("SE se1 is in use by another session").hasMessageContaining("-708");
            }
            // the first session shut the SE down: the card is free again, and usable by the full driver
            try (EapSmartcard card = new EapSmartcard(readers.connect(se1, ConnectOptions.DEFAULT), org.secfunet.apdu.trace.Tracer.OFF, false)) {
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
}
