package org.secfunet.pcsc.eapcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinPadException;
import org.secfunet.pcsc.testing.PinPadReader;

/** {@link EapSmartcard}'s pinpad methods over a reader double answering recorded part 10 bytes. */
class EapSmartcardPinPadTest {
    private static final String FEATURE_REQUEST = "42000d48:";
    private static final String SELECT = "00A404000AF053454346554E455402";
    /** VERIFY_PIN_DIRECT's structure for the card's user PIN, as EapCardPinPadTest spells it field by field. */
    private static final String VERIFY_STRUCTURE = "0000820800080402010904000000000D000000" + "A020000008FFFFFFFFFFFFFFFF";

    private static PinPadReader reader(String features, String pinAnswer) {
        return new PinPadReader(features, pinAnswer, apdu -> "9000");
    }

    private static EapSmartcard card(PinPadReader r, Tracer tracer) {
        EapSmartcard c = new EapSmartcard(r, tracer);
        c.select();
        return c;
    }

    @Test
    void verifySendsTheCardsStructureToTheVerifyControlCodeAndNoPinApdu() {
        PinPadReader r = reader(PinPadReader.VERIFY_AND_MODIFY, "90 00");
        EapSmartcard c = card(r, Tracer.OFF);
        assertThat(c.hasPinPad()).isTrue();
        assertThat(c.hasPinPadForChange()).isTrue();
        c.verifyPinOnPinPad();
        assertThat(r.controls).containsExactly(FEATURE_REQUEST, "42330006:" + Hex.encode(EapCardPinPad.verifyPin().encode()));
        assertThat(r.controls.get(1)).isEqualTo("42330006:" + VERIFY_STRUCTURE);
        assertThat(r.apdus).as("only the SELECT passed the host").containsExactly(SELECT);
    }

    @Test
    void changeSendsTheModifyStructure() {
        PinPadReader r = reader(PinPadReader.VERIFY_AND_MODIFY, "90 00");
        card(r, Tracer.OFF).changePinOnPinPad();
        assertThat(r.controls).containsExactly(FEATURE_REQUEST, "42330007:" + Hex.encode(EapCardPinPad.changePin().encode()));
        assertThat(r.controls.get(1)).endsWith("15000000" + "A024000010" + "FF".repeat(16));
    }

    @Test
    void aReaderWithVerifyButNoModifyCannotChange() {
        EapSmartcard c = card(reader(PinPadReader.VERIFY_ONLY, "90 00"), Tracer.OFF);
        assertThat(c.hasPinPad()).isTrue();
        assertThat(c.hasPinPadForChange()).isFalse();
        assertThatThrownBy(c::changePinOnPinPad).isInstanceOf(PinPadException.class).hasMessageContaining(PinPadReader.NAME)
                .hasMessageContaining("FEATURE_MODIFY_PIN_DIRECT");
    }

    @Test
    void aWrongPinIsThePinExceptionWithTheTriesLeft() {
        EapSmartcard c = card(reader(PinPadReader.VERIFY_AND_MODIFY, "63 02"), Tracer.OFF);
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOfSatisfying(EapCardException.PinException.class, e -> {
            assertThat(e.triesLeft()).isEqualTo(2);
            assertThat(e.blocked()).isFalse();
            assertThat(e.sw()).isEqualTo(0x6302);
        });
    }

    @Test
    void aBlockedPinIsThePinExceptionBlocked() {
        EapSmartcard c = card(reader(PinPadReader.VERIFY_AND_MODIFY, "69 83"), Tracer.OFF);
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOfSatisfying(EapCardException.PinException.class, e -> {
            assertThat(e.blocked()).isTrue();
            assertThat(e.triesLeft()).isZero();
        });
    }

    @Test
    void timeoutAndCancelArePinPadExceptionsWithTheReadersOutcome() {
        assertThatThrownBy(card(reader(PinPadReader.VERIFY_AND_MODIFY, "64 00"), Tracer.OFF)::verifyPinOnPinPad)
                .isInstanceOfSatisfying(PinPadException.class, e -> assertThat(e.outcome()).containsInstanceOf(PinEntryOutcome.TimedOut.class))
                .hasMessageStartingWith("VERIFY PIN on the pinpad of '" + PinPadReader.NAME + "': no PIN was typed");
        assertThatThrownBy(card(reader(PinPadReader.VERIFY_AND_MODIFY, "64 01"), Tracer.OFF)::changePinOnPinPad)
                .isInstanceOfSatisfying(PinPadException.class, e -> assertThat(e.outcome()).containsInstanceOf(PinEntryOutcome.Cancelled.class))
                .hasMessage("CHANGE PIN on the pinpad of '" + PinPadReader.NAME + "': PIN entry was cancelled on the pinpad");
    }

    @Test
    void aSessionWithNoControlPathHasNoPinpadAndSaysWhichReader() {
        PinPadReader r = reader(null, "90 00");
        EapSmartcard c = card(r, Tracer.OFF);
        assertThat(c.hasPinPad()).isFalse();
        assertThat(c.hasPinPadForChange()).isFalse();
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOf(PinPadException.class)
                .hasMessage("reader '" + PinPadReader.NAME + "' has no pinpad for PIN verification (no FEATURE_VERIFY_PIN_DIRECT):"
                        + " use another PIN source (pass:, env:, file: or stdin)");
        assertThat(r.controls).as("features asked once").containsExactly(FEATURE_REQUEST);
    }

    @Test
    void theTraceShowsTheTwoEventsAndNoPin() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tracer tracer = Tracer.to(out, TraceLevel.HEX, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        PinPadReader r = reader(PinPadReader.VERIFY_AND_MODIFY, "63 01");
        EapSmartcard c = card(r, tracer);
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOf(EapCardException.PinException.class);
        c.verifyPin("1234".toCharArray()); // the typed path, for contrast: its PIN is hidden too
        tracer.close();
        String trace = out.toString(StandardCharsets.UTF_8);
        assertThat(trace).contains("VERIFY PIN on the reader's pinpad (typed on the reader; no PIN from the host)")
                .contains("VERIFY PIN on the pinpad: SW 6301");
        assertThat(trace.replace(" ", "")).doesNotContain("31323334");
        assertThat(trace).doesNotContain("1234");
    }
}
