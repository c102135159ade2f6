package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

/**
 * The host's reading of a server flight for the card: in TLS 1.2 an application-data record (only
 * possible after the server's Finished) ends the flight and is kept for the record layer, with
 * nothing after it read; the version is learnt from the ServerHello's suite.
 */
class FlightSplitTest {
    private static final String CCS = "140303000101";
    private static final String FINISHED = "1603030028" + "00".repeat(40);
    private static final String DATA = "170303001a" + "11".repeat(26);
    private static final String MORE = "1703030005" + "22".repeat(5);

    @Test
    void inTls12DataAfterTheFinishedIsKeptFromTheCardAndTheRestIsNotRead() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(Hex.decode(CCS + FINISHED + DATA + MORE));
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        byte[] flight = CardTlsClient.readFlight(in, true, early);
        assertThat(Hex.encode(flight)).isEqualToIgnoringCase(CCS + FINISHED);
        assertThat(Hex.encode(early.toByteArray())).isEqualToIgnoringCase(DATA);
        assertThat(Hex.encode(in.readAllBytes())).as("left in the stream, in order").isEqualToIgnoringCase(MORE);
    }

    @Test
    void inTls13EveryRecordIsTheCards() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(Hex.decode(CCS + DATA + MORE));
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        assertThat(Hex.encode(CardTlsClient.readFlight(in, false, early))).isEqualToIgnoringCase(CCS + DATA + MORE);
        assertThat(early.size()).isZero();
    }

    @Test
    void dataBeforeAnyHandshakeRecordOfTheFlightIsRefused() {
        ByteArrayInputStream in = new ByteArrayInputStream(Hex.decode(DATA));
        assertThatThrownBy(() -> CardTlsClient.readFlight(in, true, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("before finishing the handshake");
    }

    @Test
    void theVersionComesFromTheServerHellosSuite() {
        String hello12 = "160303002a" + "02000026" + "0303" + "00".repeat(32) + "00" + "c02b" + "00";
        String hello13 = "160303002a" + "02000026" + "0303" + "00".repeat(32) + "00" + "1301" + "00";
        assertThat(CardFlight.tls12Of(Hex.decode(hello12))).isTrue();
        assertThat(CardFlight.tls12Of(Hex.decode(hello13))).isFalse();
        assertThat(CardFlight.tls12Of(Hex.decode(CCS))).isNull();
    }
}
