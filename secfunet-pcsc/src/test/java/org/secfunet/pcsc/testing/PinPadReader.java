package org.secfunet.pcsc.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.part10.ReaderFeatures;

/**
 * A test double of a session on a PC/SC part 10 reader: its transport answers the card's APDUs with
 * {@code card} (command hex to answer hex), its {@code control()} answers recorded part 10 bytes,
 * the GET_FEATURE_REQUEST TLV, then {@code pinAnswer} (the SW the reader returns for
 * VERIFY/MODIFY_PIN_DIRECT). Both record what they were sent, as hex. Published in this module's
 * test-jar: the grid's tests use it too.
 */
public final class PinPadReader implements CardSession {
    /** The reader's feature TLV: VERIFY_PIN_DIRECT (tag 06) at 42330006, MODIFY_PIN_DIRECT (07) at 42330007. */
    public static final String VERIFY_AND_MODIFY = "06 04 42 33 00 06  07 04 42 33 00 07";
    /** A reader that reports VERIFY_PIN_DIRECT only. */
    public static final String VERIFY_ONLY = "06 04 42 33 00 06";
    public static final int VERIFY_CODE = 0x42330006;
    public static final int MODIFY_CODE = 0x42330007;
    public static final String NAME = "Test Pinpad Reader 00 00";

    /** Each control call as "code-hex:command-hex". */
    public final List<String> controls = new ArrayList<>();
    /** Each APDU the transport carried, as hex. */
    public final List<String> apdus = new ArrayList<>();
    private final String features;
    private final String pinAnswer;
    private final UnaryOperator<String> card;

    /**
     * @param features  the feature TLV (hex), or null for a session with no control path (it
     *                  throws {@link UnsupportedOperationException}, as in-process and RACS do)
     * @param pinAnswer what the reader answers to VERIFY/MODIFY_PIN_DIRECT (hex)
     * @param card      the card's answer (hex) to each APDU (hex)
     */
    public PinPadReader(String features, String pinAnswer, UnaryOperator<String> card) {
        this.features = features;
        this.pinAnswer = pinAnswer;
        this.card = card;
    }

    @Override
    public byte[] control(int controlCode, byte[] command) {
        controls.add(Integer.toHexString(controlCode) + ":" + Hex.encode(command));
        if (features == null) {
            throw new UnsupportedOperationException("no reader control path");
        }
        if (controlCode == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) {
            return Hex.decode(features);
        }
        if (controlCode == VERIFY_CODE || controlCode == MODIFY_CODE) {
            return Hex.decode(pinAnswer);
        }
        throw new ReaderException("SCARD_E_UNSUPPORTED_FEATURE");
    }

    @Override
    public Transport transport() {
        return c -> {
            String hex = Hex.encode(c);
            apdus.add(hex);
            return Hex.decode(card.apply(hex));
        };
    }

    @Override
    public byte[] atr() {
        return new byte[0];
    }

    @Override
    public String readerName() {
        return NAME;
    }

    @Override
    public int maxNe() {
        return 256;
    }

    @Override
    public void close() {
    }
}
