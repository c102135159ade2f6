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

/** The operator-held PIN typed on the reader's pinpad ({@code pin = "pinpad"}), with a recorded part 10 reader. */
class OperatorPinPadTest {
    private static final String READER = "Test Pinpad Reader 00 00";
    private static final OperatorPin PINPAD = OperatorPin.parse("pinpad", Path.of("."));
    private final VmPins pins = new VmPins(null, null, null); // the operator path uses no VM budget

    private static EapSmartcard card(PinPadReaderDouble reader) {
        return new EapSmartcard(reader, Tracer.OFF);
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
        PinPadReaderDouble reader = PinPadReaderDouble.withPinPad(PinPadReaderDouble.noCard(READER), "90 00");
        pins.present("vm-a", null, "a1", READER, PINPAD, card(reader));
        assertThat(reader.calls).hasSize(2);
        assertThat(reader.calls.get(0).code()).isEqualTo(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST);
        assertThat(reader.calls.get(1).code()).isEqualTo(PinPadReaderDouble.VERIFY_PIN_DIRECT);
        assertThat(Hex.encode(reader.calls.get(1).command())).isEqualTo(Hex.encode(EapCardPinPad.verifyPin().encode()));
    }

    @Test
    void aReaderWithoutAPinPadIsAClearErrorNamingCardAndReader() {
        PinPadReaderDouble reader = PinPadReaderDouble.withoutPinPad(PinPadReaderDouble.noCard(READER));
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1: reader " + READER + " has no pinpad for its operator PIN");
    }

    @Test
    void aWrongPinOnThePinPadSaysTriesLeft() {
        PinPadReaderDouble reader = PinPadReaderDouble.withPinPad(PinPadReaderDouble.noCard(READER), "63 02");
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1 rejected the PIN typed on the pinpad of reader " + READER + " (2 tries left)");
    }

    @Test
    void aCancelOnThePinPadRefusesTheHandshake() {
        PinPadReaderDouble reader = PinPadReaderDouble.withPinPad(PinPadReaderDouble.noCard(READER), "64 01");
        assertThatThrownBy(() -> pins.present("vm-a", null, "a1", READER, PINPAD, card(reader)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("card a1: no PIN from the pinpad of reader " + READER)
                .hasMessageContaining("cancel");
    }
}
