package org.secfunet.pcsc.eapcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;

/**
 * {@link ApduMode#AUTO} on a session that does not know its limit (a PC/SC T=1 reader that answers
 * no part 10 feature request): the first SELECT goes extended, and what the path does with it
 * decides the session. The session here is a test double whose transport answers 9000 to every
 * short command and does with extended ones what a reader or card of each kind would; the
 * handshakes against the real software card are in secfunet-card's ApduModeTest.
 */
class ExtendedProbeTest {
    private static final String ATR_EXTENDED = "3B 85 01 80 73 00 00 40 37";
    private static final String ATR_NO_EXTENDED = "3B 85 01 80 73 00 00 00 37";
    private static final String SELECT_SHORT = "00A404000AF053454346554E455402";
    private static final String SELECT_EXTENDED = "00A4040000000AF053454346554E455402";

    /** Each command as it reached the transport. */
    private final List<String> sent = new ArrayList<>();

    /**
     * @param onExtended what an extended command gets: "pass" (9000), "throw" (a transport
     *                   failure), "removed" (the driver reports the card unresponsive or removed),
     *                   "gone" (every command, short ones too: the card is really gone) or a status word
     */
    private CardSession session(boolean known, int maxCommandData, String atr, String onExtended) {
        Transport t = cmd -> {
            sent.add(Hex.encode(cmd));
            if (onExtended.equals("gone")) {
                throw new CardRemovedException("card in reader 'r' was removed");
            }
            if (CommandApdu.parse(cmd).isExtended()) {
                switch (onExtended) {
                    case "pass" -> {
                        return Hex.decode("9000");
                    }
                    case "throw" -> throw new TransportException("exchange with the card in reader 'r' failed: SCARD_E_INSUFFICIENT_BUFFER");
                    case "removed" -> throw new CardRemovedException("card in reader 'r' was removed");
                    default -> {
                        return Hex.decode(onExtended);
                    }
                }
            }
            return Hex.decode("9000");
        };
        return new CardSession() {
            @Override
            public Transport transport() {
                return t;
            }

            @Override
            public byte[] atr() {
                return Hex.decode(atr);
            }

            @Override
            public String readerName() {
                return "r";
            }

            @Override
            public int maxNe() {
                return 8190;
            }

            @Override
            public int maxCommandData() {
                return maxCommandData;
            }

            @Override
            public boolean maxCommandDataKnown() {
                return known;
            }

            @Override
            public void close() {
            }
        };
    }

    private List<Boolean> extendedOnWire() {
        return sent.stream().map(c -> CommandApdu.parse(Hex.decode(c)).isExtended()).toList();
    }

    /** A 600-byte EAP packet: one extended APDU, or three More-bit parts when short. */
    private static byte[] longPacket() {
        byte[] p = new byte[600];
        p[0] = 2;
        p[2] = (byte) (600 >> 8);
        p[3] = (byte) (600 & 0xFF);
        return p;
    }

    @Test
    void anExtendedSelectThatPassesMakesTheSessionExtendedAtNoExtraApdu() {
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_EXTENDED, "pass"), Tracer.OFF);
        assertThat(card.extendedApdus()).as("short until the probe").isFalse();
        card.select();
        assertThat(sent).containsExactly(SELECT_EXTENDED);
        assertThat(card.extendedApdus()).isTrue();
        card.processEap(longPacket());
        assertThat(sent).hasSize(2);
        assertThat(extendedOnWire()).containsExactly(true, true);
        card.select(); // the probe is made once: a second SELECT is short
        assertThat(sent.get(2)).isEqualTo(SELECT_SHORT);
    }

    @Test
    void aTransportFailureOnTheExtendedSelectSendsItAgainShortAndTheSessionStaysShort() {
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_EXTENDED, "throw"), Tracer.OFF);
        card.select();
        assertThat(sent).containsExactly(SELECT_EXTENDED, SELECT_SHORT);
        assertThat(card.extendedApdus()).isFalse();
        card.verifyPin("1234".toCharArray());
        card.processEap(longPacket());
        card.sessionKey();
        assertThat(sent).hasSize(2 + 1 + 3 + 1);
        assertThat(extendedOnWire().subList(1, sent.size())).doesNotContain(true);
        assertThat(card.apduCount()).isEqualTo(sent.size());
    }

    @ParameterizedTest(name = "the card answers {0} to the extended SELECT")
    @CsvSource({"6700", "6D00", "6A82"})
    void aCardThatRefusesTheExtendedSelectGetsItShortAndTheSessionStaysShort(String sw) {
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_EXTENDED, sw), Tracer.OFF);
        card.select();
        assertThat(sent).containsExactly(SELECT_EXTENDED, SELECT_SHORT);
        assertThat(card.extendedApdus()).isFalse();
        card.processEap(longPacket());
        assertThat(extendedOnWire()).containsExactly(true, false, false, false, false);
    }

    @Test
    void aDriverThatReportsTheCardGoneOnTheExtendedSelectGetsItShort() {
        // some drivers without part 10 fail an APDU they cannot carry with SCARD_E_NOT_TRANSACTED or
        // SCARD_W_UNRESPONSIVE_CARD, which read as a removed card: the idempotent SELECT is sent again short
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_EXTENDED, "removed"), Tracer.OFF);
        card.select();
        assertThat(sent).containsExactly(SELECT_EXTENDED, SELECT_SHORT);
        assertThat(card.extendedApdus()).isFalse();
    }

    @Test
    void aCardReallyGoneFailsTheShortSelectTooAndIsNotAskedAgain() {
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_EXTENDED, "gone"), Tracer.OFF);
        assertThatThrownBy(card::select).isInstanceOf(CardRemovedException.class);
        assertThat(sent).containsExactly(SELECT_EXTENDED, SELECT_SHORT);
    }

    @Test
    void aTransportFailureOnAnyOtherCommandIsNeverRetried() {
        EapSmartcard card = new EapSmartcard(session(true, 65535, ATR_EXTENDED, "throw"), Tracer.OFF);
        card.select();
        assertThatThrownBy(() -> card.processEap(longPacket())).isInstanceOf(TransportException.class);
        assertThat(sent).hasSize(2);
    }

    @Test
    void anAtrThatRefusesExtendedLengthMeansNoProbe() {
        EapSmartcard card = new EapSmartcard(session(false, 255, ATR_NO_EXTENDED, "pass"), Tracer.OFF);
        card.select();
        card.processEap(longPacket());
        assertThat(sent.getFirst()).isEqualTo(SELECT_SHORT);
        assertThat(extendedOnWire()).doesNotContain(true);
    }

    @Test
    void aKnownLimitMeansNoProbe() {
        EapSmartcard shortCard = new EapSmartcard(session(true, 255, ATR_EXTENDED, "pass"), Tracer.OFF);
        shortCard.select();
        shortCard.processEap(longPacket());
        assertThat(sent.getFirst()).isEqualTo(SELECT_SHORT);
        assertThat(extendedOnWire()).doesNotContain(true);
        sent.clear();
        EapSmartcard extendedCard = new EapSmartcard(session(true, 65535, ATR_EXTENDED, "pass"), Tracer.OFF);
        assertThat(extendedCard.extendedApdus()).isTrue();
        extendedCard.select();
        extendedCard.processEap(longPacket());
        assertThat(sent).hasSize(2);
        assertThat(sent.getFirst()).isEqualTo(SELECT_SHORT); // a SELECT is short when it fits
        assertThat(sent.get(1)).startsWith("A0800000000258");
    }

    @Test
    void forcedModesNeverProbe() {
        new EapSmartcard(session(false, 255, ATR_EXTENDED, "pass"), Tracer.OFF, ApduMode.SHORT).select();
        new EapSmartcard(session(false, 255, ATR_EXTENDED, "throw"), Tracer.OFF, ApduMode.EXTENDED).select();
        assertThat(sent).containsExactly(SELECT_SHORT, SELECT_SHORT);
    }
}
