package org.secfunet.pcsc.sim;

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

/** {@link SimCard}'s pinpad methods on a USIM and a GSM SIM, over a reader double answering recorded part 10 bytes. */
class SimCardPinPadTest {
    private static final String FEATURE_REQUEST = "42000d48:";
    private static final String USIM_AID = "A0000000871002FFFFFFFF89060000FF";
    private static final String FF8 = "FF".repeat(8);

    /** A USIM: MF, EF_DIR with one record naming the USIM, the application. */
    private static String usim(String apdu) {
        if (apdu.startsWith("00B20104")) {
            return "6112 4F10" + USIM_AID + " 9000";
        }
        return "9000";
    }

    /** A GSM SIM: CLA 00 is refused (6E00), CLA A0 passes. */
    private static String gsm(String apdu) {
        return apdu.startsWith("00") ? "6E00" : "9000";
    }

    private static PinPadReader usimReader(String pinAnswer) {
        return new PinPadReader(PinPadReader.VERIFY_AND_MODIFY, pinAnswer, SimCardPinPadTest::usim);
    }

    private static PinPadReader simReader(String pinAnswer) {
        return new PinPadReader(PinPadReader.VERIFY_AND_MODIFY, pinAnswer, SimCardPinPadTest::gsm);
    }

    @Test
    void usimVerifySendsPin1sStructureAndNoPinApdu() {
        PinPadReader r = usimReader("90 00");
        SimCard c = new SimCard(r, Tracer.OFF);
        assertThat(c.kind()).isEqualTo(SimCard.Kind.USIM);
        int selects = r.apdus.size();
        assertThat(c.hasPinPad()).isTrue();
        assertThat(c.hasPinPadForChange()).isTrue();
        c.verifyPinOnPinPad();
        assertThat(r.controls).containsExactly(FEATURE_REQUEST, "42330006:" + Hex.encode(SimPinPad.verifyPin(SimCard.Kind.USIM).encode()));
        assertThat(r.controls.get(1)).isEqualTo("42330006:" + "0000820800080402010904000000000D000000" + "0020000108" + FF8);
        assertThat(r.apdus).as("no APDU after the selection").hasSize(selects);
    }

    @Test
    void usimChangeAndUnblockSendTheModifyStructures() {
        PinPadReader r = usimReader("90 00");
        SimCard c = new SimCard(r, Tracer.OFF);
        c.changePinOnPinPad();
        c.unblockPinOnPinPad();
        assertThat(r.controls).containsExactly(FEATURE_REQUEST, "42330007:" + Hex.encode(SimPinPad.changePin(SimCard.Kind.USIM).encode()),
                "42330007:" + Hex.encode(SimPinPad.unblockPin(SimCard.Kind.USIM).encode()));
        assertThat(r.controls.get(2)).endsWith("15000000" + "002C000110" + FF8 + FF8);
    }

    @Test
    void disableAndEnableAreVerifyStructuresWithTheirInstruction() {
        PinPadReader r = usimReader("90 00");
        SimCard c = new SimCard(r, Tracer.OFF);
        c.setPinEnabledOnPinPad(false);
        c.setPinEnabledOnPinPad(true);
        assertThat(r.controls).containsExactly(FEATURE_REQUEST, "42330006:" + Hex.encode(SimPinPad.setPinEnabled(SimCard.Kind.USIM, false).encode()),
                "42330006:" + Hex.encode(SimPinPad.setPinEnabled(SimCard.Kind.USIM, true).encode()));
        assertThat(r.controls.get(1)).isEqualTo("42330006:" + "0000820800080402010904000000000D000000" + "0026000108" + FF8);
        assertThat(r.controls.get(2)).endsWith("0028000108" + FF8);
        PinPadReader gsm = simReader("98 04");
        assertThatThrownBy(() -> new SimCard(gsm, Tracer.OFF).setPinEnabledOnPinPad(false))
                .isInstanceOfSatisfying(SimException.Pin.class, e -> assertThat(e.triesLeft()).isEqualTo(-1))
                .hasMessage("DISABLE PIN on the pinpad: wrong PIN (SW 9804)");
        assertThat(gsm.controls.get(1)).endsWith("A026000108" + FF8);
    }

    @Test
    void usimWrongPinIs63CxWithTheTriesLeft() {
        SimCard c = new SimCard(usimReader("63 C1"), Tracer.OFF);
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOfSatisfying(SimException.Pin.class, e -> {
            assertThat(e.triesLeft()).isEqualTo(1);
            assertThat(e.sw()).isEqualTo(0x63C1);
        }).hasMessage("VERIFY PIN on the pinpad: wrong PIN, 1 tries left (SW 63C1)");
    }

    @Test
    void usimBlockedAndWrongPuk() {
        assertThatThrownBy(new SimCard(usimReader("69 83"), Tracer.OFF)::verifyPinOnPinPad)
                .isInstanceOfSatisfying(SimException.Pin.class, e -> assertThat(e.triesLeft()).isZero())
                .hasMessageContaining("the PIN is blocked (unblock it with the PUK)");
        assertThatThrownBy(new SimCard(usimReader("63 C9"), Tracer.OFF)::unblockPinOnPinPad)
                .isInstanceOfSatisfying(SimException.Pin.class, e -> assertThat(e.triesLeft()).isEqualTo(9))
                .hasMessageStartingWith("UNBLOCK PIN on the pinpad: wrong PUK, 9 tries left");
    }

    @Test
    void gsmSimVerifyUsesClaA0AndItsWrongPinSaysNoCount() {
        PinPadReader r = simReader("98 04");
        SimCard c = new SimCard(r, Tracer.OFF);
        assertThat(c.kind()).isEqualTo(SimCard.Kind.SIM);
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOfSatisfying(SimException.Pin.class, e -> {
            assertThat(e.triesLeft()).isEqualTo(-1);
            assertThat(e.sw()).isEqualTo(0x9804);
        }).hasMessage("VERIFY PIN on the pinpad: wrong PIN (SW 9804)");
        assertThat(r.controls.get(1)).isEqualTo("42330006:" + Hex.encode(SimPinPad.verifyPin(SimCard.Kind.SIM).encode()))
                .endsWith("A020000108" + FF8);
    }

    @Test
    void gsmSimUnblockNamesChv1WithP2Zero() {
        PinPadReader r = simReader("90 00");
        new SimCard(r, Tracer.OFF).unblockPinOnPinPad();
        assertThat(r.controls.get(1)).isEqualTo("42330007:" + Hex.encode(SimPinPad.unblockPin(SimCard.Kind.SIM).encode()))
                .endsWith("A02C000010" + FF8 + FF8);
    }

    @Test
    void timeoutAndCancelArePinPadExceptions() {
        assertThatThrownBy(new SimCard(usimReader("64 00"), Tracer.OFF)::verifyPinOnPinPad)
                .isInstanceOfSatisfying(PinPadException.class, e -> assertThat(e.outcome()).containsInstanceOf(PinEntryOutcome.TimedOut.class))
                .hasMessageContaining(PinPadReader.NAME);
        assertThatThrownBy(new SimCard(simReader("64 01"), Tracer.OFF)::changePinOnPinPad)
                .isInstanceOfSatisfying(PinPadException.class, e -> assertThat(e.outcome()).containsInstanceOf(PinEntryOutcome.Cancelled.class))
                .hasMessage("CHANGE PIN on the pinpad of '" + PinPadReader.NAME + "': PIN entry was cancelled on the pinpad");
    }

    @Test
    void noControlPathNoPinpad() {
        SimCard c = new SimCard(new PinPadReader(null, "90 00", SimCardPinPadTest::usim), Tracer.OFF);
        assertThat(c.hasPinPad()).isFalse();
        assertThat(c.hasPinPadForChange()).isFalse();
        assertThatThrownBy(c::verifyPinOnPinPad).isInstanceOf(PinPadException.class).hasMessageStartingWith("reader '" + PinPadReader.NAME + "' has no pinpad");
        SimCard verifyOnly = new SimCard(new PinPadReader(PinPadReader.VERIFY_ONLY, "90 00", SimCardPinPadTest::usim), Tracer.OFF);
        assertThat(verifyOnly.hasPinPad()).isTrue();
        assertThat(verifyOnly.hasPinPadForChange()).isFalse();
        assertThatThrownBy(verifyOnly::unblockPinOnPinPad).isInstanceOf(PinPadException.class).hasMessageContaining("FEATURE_MODIFY_PIN_DIRECT");
    }

    @Test
    void theTraceShowsTheTwoEventsAndNoPin() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tracer tracer = Tracer.to(out, TraceLevel.HEX, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        SimCard c = new SimCard(usimReader("90 00"), tracer);
        c.verifyPinOnPinPad();
        c.verifyPin("4321".toCharArray()); // the typed path too: hidden as a secret
        tracer.close();
        String trace = out.toString(StandardCharsets.UTF_8);
        assertThat(trace).contains("VERIFY PIN on the reader's pinpad (typed on the reader; no PIN from the host)")
                .contains("VERIFY PIN on the pinpad: SW 9000");
        assertThat(trace.replace(" ", "")).doesNotContain("34333231");
        assertThat(trace).doesNotContain("4321");
    }
}
