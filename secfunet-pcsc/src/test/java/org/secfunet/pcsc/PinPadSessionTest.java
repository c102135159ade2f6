package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.pcsc.eapcard.EapCardPinPad;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinPad;
import org.secfunet.pcsc.part10.PinPadException;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.sim.SimCard;
import org.secfunet.pcsc.sim.SimPinPad;

/** {@link CardSession#pinPad()} over a recording fake session: the control calls it makes and what it makes of the answers. */
class PinPadSessionTest {
    private static final String PINPAD_FEATURES = "06 04 42 33 00 06  07 04 42 33 00 07  0A 04 42 33 00 0A  12 04 42 33 00 12";

    /** A session whose reader answers control calls with {@code reader}, recording "code:command-hex". */
    private static class FakeSession implements CardSession {
        final List<String> calls = new ArrayList<>();
        final Function<Integer, String> reader;

        FakeSession(Function<Integer, String> reader) {
            this.reader = reader;
        }

        @Override
        public byte[] control(int controlCode, byte[] command) {
            calls.add(Integer.toHexString(controlCode) + ":" + Hex.encode(command));
            String a = reader.apply(controlCode);
            if (a == null) {
                throw new ReaderException("SCARD_E_UNSUPPORTED_FEATURE");
            }
            return Hex.decode(a);
        }

        @Override
        public Transport transport() {
            return c -> {
                throw new AssertionError("a pinpad PIN entry sends no APDU through the host");
            };
        }

        @Override
        public byte[] atr() {
            return new byte[0];
        }

        @Override
        public String readerName() {
            return "Test Pinpad 00 00";
        }

        @Override
        public int maxNe() {
            return 256;
        }

        @Override
        public void close() {
        }
    }

    private static Function<Integer, String> pinpad(String verifyAnswer) {
        return code -> switch (code) {
            case ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST -> PINPAD_FEATURES;
            case 0x42330006, 0x42330007 -> verifyAnswer;
            case 0x4233000A -> "00 00 02 00";
            default -> null;
        };
    }

    @Test
    void verifySendsTheStructureToTheFeaturesControlCode() {
        FakeSession s = new FakeSession(pinpad("90 00"));
        PinPad p = s.pinPad();
        assertThat(p.canVerify()).isTrue();
        assertThat(p.canModify()).isTrue();
        assertThat(p.verify(EapCardPinPad.verifyPin(), EapCardPinPad.WRONG_TRIES).ok()).isTrue();
        assertThat(s.calls).containsExactly("42000d48:", "42330006:" + Hex.encode(EapCardPinPad.verifyPin().encode()));
        assertThat(p.properties()).hasValueSatisfying(pp -> assertThat(pp.entryValidation()).isEqualTo(2));
    }

    @Test
    void modifyAndOutcomes() {
        FakeSession s = new FakeSession(pinpad("63 C1"));
        PinEntryOutcome o = s.pinPad().modify(SimPinPad.changePin(SimCard.Kind.USIM));
        assertThat(o).isEqualTo(new PinEntryOutcome.WrongPin(0x63C1, 1));
        assertThat(s.calls.get(1)).isEqualTo("42330007:" + Hex.encode(SimPinPad.changePin(SimCard.Kind.USIM).encode()));
        assertThat(new FakeSession(pinpad("64 01")).pinPad().verify(SimPinPad.verifyPin(SimCard.Kind.SIM))).isInstanceOf(PinEntryOutcome.Cancelled.class);
        assertThat(new FakeSession(pinpad("64 00")).pinPad().verify(SimPinPad.verifyPin(SimCard.Kind.SIM))).isInstanceOf(PinEntryOutcome.TimedOut.class);
    }

    @Test
    void aReaderWithoutThePinpadFeatureGivesOneClearError() {
        // Debian's vpcd: only GET_TLV_PROPERTIES
        FakeSession vpcd = new FakeSession(code -> code == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST ? "12 04 42 33 00 12" : null);
        assertThat(vpcd.pinPad().canVerify()).isFalse();
        assertThatThrownBy(() -> vpcd.pinPad().verify(EapCardPinPad.verifyPin())).isInstanceOf(PinPadException.class)
                .hasMessage("reader 'Test Pinpad 00 00' has no pinpad for PIN verification (no FEATURE_VERIFY_PIN_DIRECT):"
                        + " use another PIN source (pass:, env:, file: or stdin)");
        FakeSession refusing = new FakeSession(code -> null);
        assertThatThrownBy(() -> refusing.pinPad().modify(EapCardPinPad.changePin())).isInstanceOf(PinPadException.class)
                .hasMessageContaining("no FEATURE_MODIFY_PIN_DIRECT");
        assertThat(refusing.calls).containsExactly("42000d48:");
    }

    @Test
    void aSessionWithNoControlPathHasNoPinpad() {
        CardSession inProcess = new FakeSession(code -> null) {
            @Override
            public byte[] control(int controlCode, byte[] command) {
                throw new UnsupportedOperationException("no reader");
            }
        };
        assertThat(inProcess.pinPad().canVerify()).isFalse();
        assertThat(new ForwardingSession(new FakeSession(pinpad("90 00"))).pinPad().canVerify()).as("forwarded").isTrue();
    }

    @Test
    void aFailingOrBadAnswerIsAPinPadError() {
        FakeSession failing = new FakeSession(code -> code == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST ? PINPAD_FEATURES : null);
        assertThatThrownBy(() -> failing.pinPad().verify(EapCardPinPad.verifyPin())).isInstanceOf(PinPadException.class)
                .hasMessage("reader 'Test Pinpad 00 00' failed the pinpad PIN verification: SCARD_E_UNSUPPORTED_FEATURE");
        assertThatThrownBy(() -> new FakeSession(pinpad("90")).pinPad().verify(EapCardPinPad.verifyPin())).isInstanceOf(PinPadException.class)
                .hasMessageContaining("answered the pinpad PIN verification badly");
    }
}
