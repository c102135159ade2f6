package org.secfunet.apdu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.Limits;
import org.secfunet.apdu.layer.MoreBitChainingLayer;
import org.secfunet.apdu.layer.TransportStack;

/** Parsers and layers never fail other than with their own exceptions, whatever the bytes. */
class ApduFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void commandParsing(byte[] input) {
        try {
            CommandApdu c = CommandApdu.parse(input);
            assertThat(c.encode()).isEqualTo(input);
        } catch (ApduFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(ResponseApdu.parse(input).encode()).isEqualTo(input);
        } catch (ApduFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** A hostile card answering anything: the full stack returns or throws ProtocolException, bounded. */
    @FuzzTest(maxDuration = "20s")
    void hostileCardAnswers(FuzzedDataProvider data) {
        byte[] command = data.consumeBytes(300);
        int[] calls = {0};
        Transport card = c -> {
            calls[0]++;
            byte[] a = data.consumeBytes(data.consumeInt(0, 300));
            return a.length == 0 ? new byte[] {(byte) 0x61, 0x01} : a;
        };
        Transport t = TransportStack.builder().limits(new Limits(64, 1 << 16)).isoChaining(100)
                .moreBitChaining(100, MoreBitChainingLayer.forCommand(0xA0, 0x80)).maxNe(8190).build(card);
        try {
            byte[] r = t.transmit(command);
            assertThat(r.length).isGreaterThanOrEqualTo(2);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat(calls[0]).isLessThanOrEqualTo(64 * 4 + 700);
    }
}
