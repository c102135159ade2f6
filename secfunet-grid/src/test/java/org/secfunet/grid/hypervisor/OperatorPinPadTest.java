package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.eapcard.EapCardPinPad;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.testing.PinPadReader;

/** The operator-held PIN typed on the reader's pinpad ({@code pin = "pinpad"}), with a recorded part 10 reader. */
class OperatorPinPadTest {
    private static final String READER = PinPadReader.NAME;
    private static final OperatorPin PINPAD = OperatorPin.parse("pinpad", Path.of("."));
    private final VmPins pins = new VmPins(null, null, null); // the operator path uses no VM budget

    private static EapSmartcard card(PinPadReader reader) {
        return new EapSmartcard(reader, Tracer.OFF);
    }

    /** A reader whose pinpad (VERIFY_PIN_DIRECT only; null: no part 10 features) answers {@code sw}, with no card APDU expected from the host. */
    private static PinPadReader reader(String features, String sw) {
        return new PinPadReader(features, sw, apdu -> {
            throw new AssertionError("no APDU expected from the host: " + apdu);
        });
    }

    @Test
    void pinpadParsesAndSecretsStillDo() {
        assertThat(PINPAD.pinPad()).isTrue();
        assertThat(PINPAD.secret()).isNull();
        assertThat(PINPAD).hasToString("pinpad");
        OperatorPin env = OperatorPin.parse("env:A_PIN", Path.of("."));
        assertThat(env.pinPad()).isFalse();
        assertThat(env).hasToString("env:A_PIN");
        assertThatThrownBy(() -> OperatorPin.parse("PinPad", Path.of("."))).hasMessage("pin must be " + OperatorPin.FORMS);
    }

    @Test
    void theOperatorTypesThePinOnThePinPad() throws Exception {
        PinPadReader reader = reader(PinPadReader.VERIFY_ONLY, "90 00");
        pins.present("vm-a", null, "a1", READER, PINPAD, card(reader));
        assertThat(reader.controls).hasSize(2);
        assertThat(reader.controls.get(0)).startsWith(Integer.toHexString(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) + ":");
        assertThat(reader.controls.get(1)).isEqualTo(Integer.toHexString(PinPadReader.VERIFY_CODE) + ":" + Hex.encode(EapCardPinPad.verifyPin().encode()));
    }

    @Test
    void aReaderWithoutAPinPadIsAClearErrorNamingCardAndReader() {
        PinPadReader reader = reader(null, "90 00");
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1: reader " + READER + " has no pinpad for its operator PIN");
    }

    @Test
    void aWrongPinOnThePinPadSaysTriesLeft() {
        PinPadReader reader = reader(PinPadReader.VERIFY_ONLY, "63 02");
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1 rejected the PIN typed on the pinpad of reader " + READER + " (2 tries left)");
    }

    @Test
    void aCancelOnThePinPadRefusesTheHandshake() {
        PinPadReader reader = reader(PinPadReader.VERIFY_ONLY, "64 01");
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1: no PIN from the pinpad of reader " + READER)
                .hasMessageContaining("cancel");
    }
}
