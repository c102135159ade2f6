package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.part10.ReaderFeatures;

/**
 * A PC/SC session asks its reader once per connection (part 10 feature request, then TLV
 * properties) and never fails because of it. The reader here is a javax.smartcardio {@link Card}
 * answering control codes as Debian's vpcd driver does, or refusing them (then a T=1 session does
 * not know its limit, and the EAP-TLS driver probes with an extended SELECT); its channel answers
 * 9000 to every command and records it.
 */
class PcscSessionLimitTest {
    private final List<Integer> asked = new ArrayList<>();
    private final List<String> transmitted = new ArrayList<>();

    private final CardChannel channel = new CardChannel() {
        @Override
        public Card getCard() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getChannelNumber() {
            return 0;
        }

        @Override
        public javax.smartcardio.ResponseAPDU transmit(javax.smartcardio.CommandAPDU command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
            byte[] c = new byte[command.remaining()];
            command.get(c);
            transmitted.add(Hex.encode(c));
            response.put((byte) 0x90).put((byte) 0);
            return 2;
        }

        @Override
        public void close() {
        }
    };

    private Card reader(String protocol, boolean refuses) {
        return new Card() {
            @Override
            public ATR getATR() {
                return new ATR(Hex.decode("3B 85 01 80 73 00 00 40 37"));
            }

            @Override
            public String getProtocol() {
                return protocol;
            }

            @Override
            public CardChannel getBasicChannel() {
                return channel;
            }

            @Override
            public CardChannel openLogicalChannel() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void beginExclusive() {
            }

            @Override
            public void endExclusive() {
            }

            @Override
            public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
                asked.add(controlCode);
                if (refuses) {
                    throw new CardException("sun.security.smartcardio.PCSCException: SCARD_E_UNSUPPORTED_FEATURE");
                }
                if (controlCode == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) {
                    return Hex.decode("12 04 42 33 00 12");
                }
                if (controlCode == 0x42330012) {
                    return Hex.decode("0A 04 00 00 01 00");
                }
                throw new CardException("SCARD_E_UNSUPPORTED_FEATURE");
            }

            @Override
            public void disconnect(boolean reset) {
            }
        };
    }

    @Test
    void vpcdsReaderCarriesExtendedApdusAskedOncePerConnection() {
        PcscSession s = new PcscSession(reader("T=1", false), "VPCD0 00 00", false);
        assertThat(s.maxCommandData()).isEqualTo(65535);
        assertThat(s.maxCommandData()).isEqualTo(65535);
        assertThat(s.maxCommandDataKnown()).isTrue();
        assertThat(asked).containsExactly(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, 0x42330012);
        s.close();
    }

    @Test
    void aReaderThatRefusesIsShortAndStaysConnected() {
        PcscSession s = new PcscSession(reader("T=1", true), "r", false);
        assertThat(s.maxCommandData()).isEqualTo(255);
        assertThat(s.maxCommandData()).isEqualTo(255);
        assertThat(s.maxCommandDataKnown()).as("the 255 is a floor: the reader did not say").isFalse();
        assertThat(asked).containsExactly(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST);
        assertThat(s.readerName()).isEqualTo("r");
        s.close();
    }

    @Test
    void onAT1ReaderThatCannotSayTheDriverSendsItsFirstSelectExtendedAndGoesExtended() {
        PcscSession s = new PcscSession(reader("T=1", true), "r", false);
        try (EapSmartcard card = new EapSmartcard(s, Tracer.OFF)) {
            card.select();
            assertThat(card.extendedApdus()).isTrue();
        }
        assertThat(transmitted).containsExactly("00A4040000000AF053454346554E455402");
    }

    @Test
    void tEqualsZeroIsShortWithoutAsking() {
        PcscSession s = new PcscSession(reader("T=0", false), "r", false);
        assertThat(s.maxCommandData()).isEqualTo(255);
        assertThat(s.maxCommandDataKnown()).as("T=0 carries no extended APDU").isTrue();
        assertThat(asked).isEmpty();
        // what javax.smartcardio would refuse is answered as a card without extended APDUs answers, never sent
        assertThat(s.transport().transmit(Hex.decode("A0 80 00 00 00 00 03 01 02 03 01 00"))).containsExactly(0x67, 0x00);
        assertThat(s.transport().transmit(Hex.decode("00 B0 00 00 00 01 00"))).containsExactly(0x67, 0x00);
        assertThat(PcscSession.extendedForm(Hex.decode("00 A4 04 00 02 3F 00"))).isFalse();
        assertThat(PcscSession.extendedForm(Hex.decode("00 B0 00 00 00"))).isFalse();
        assertThat(PcscSession.extendedForm(Hex.decode("00 B0 00 00"))).isFalse();
        s.close();
    }

    @Test
    void onT0TheDriverNeverProbes() {
        PcscSession s = new PcscSession(reader("T=0", true), "r", false);
        try (EapSmartcard card = new EapSmartcard(s, Tracer.OFF)) {
            card.select();
            assertThat(card.extendedApdus()).isFalse();
        }
        assertThat(transmitted).containsExactly("00A404000AF053454346554E455402");
    }
}
