package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The relay forwards only well-formed TLS records, both ways. */
class RecordCheckTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void cardOutputMustBeWholeRecords() {
        assertThatCode(() -> CardFlight.checkRecords(h("16 0303 0002 0102  14 0303 0001 01"), "the card")).doesNotThrowAnyException();
        assertThatThrownBy(() -> CardFlight.checkRecords(h("16 0303 0005 0102"), "the card")).hasMessageContaining("truncated TLS record");
        assertThatThrownBy(() -> CardFlight.checkRecords(h("47 4554 2F20"), "the card")).hasMessageContaining("not a TLS record (type 71");
        assertThatThrownBy(() -> CardFlight.checkRecords(h("16 03"), "the card")).hasMessageContaining("truncated TLS record header");
    }

    @Test
    void serverFlightsAreCheckedToo() {
        assertThatThrownBy(() -> CardTlsClient.readFlight(new ByteArrayInputStream("HTTP/1.1 400 Bad Request\r\n".getBytes())))
                .hasMessageContaining("not TLS");
        assertThatThrownBy(() -> CardTlsClient.readFlight(new ByteArrayInputStream(h("15 0303 0002 0228"))))
                .hasMessageContaining("the server refused the handshake: alert handshake_failure");
        assertThatThrownBy(() -> CardTlsClient.readFlight(new ByteArrayInputStream(h("16 0303 0010 01"))))
                .hasMessageContaining("closed the connection in the middle of a record");
        assertThatThrownBy(() -> CardTlsClient.readFlight(new ByteArrayInputStream(h("16 0303 FFFF"))))
                .hasMessageContaining("record of 65535 bytes");
    }
}
