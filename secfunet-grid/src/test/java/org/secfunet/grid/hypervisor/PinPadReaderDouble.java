package org.secfunet.grid.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.part10.ReaderFeatures;

/**
 * A test reader: the card session {@code inner} plus a PC/SC part 10 control path answering recorded
 * bytes — the feature request with FEATURE_VERIFY_PIN_DIRECT (tag 06, control code 42330006), then
 * each VERIFY_PIN_DIRECT with the next recorded SW. Without a pinpad, control() is unsupported, as
 * on a reader without part 10. Records every control call.
 */
final class PinPadReaderDouble extends ForwardingSession {
    /** The control code the double gives FEATURE_VERIFY_PIN_DIRECT. */
    static final int VERIFY_PIN_DIRECT = 0x42330006;
    /** The feature request's answer: one TLV, tag 06, length 4, the control code big endian. */
    static final byte[] FEATURES = Hex.decode("06 04 42 33 00 06");

    record Call(int code, byte[] command) {
    }

    private final boolean pinPad;
    private final Deque<byte[]> answers = new ArrayDeque<>();
    final List<Call> calls = new ArrayList<>();

    private PinPadReaderDouble(CardSession inner, boolean pinPad, String... sws) {
        super(inner);
        this.pinPad = pinPad;
        for (String sw : sws) {
            answers.add(Hex.decode(sw));
        }
    }

    /** A pinpad reader whose successive PIN entries answer {@code sws} (e.g. "90 00", "63 02", "64 01"). */
    static PinPadReaderDouble withPinPad(CardSession inner, String... sws) {
        return new PinPadReaderDouble(inner, true, sws);
    }

    /** A reader without part 10 features. */
    static PinPadReaderDouble withoutPinPad(CardSession inner) {
        return new PinPadReaderDouble(inner, false);
    }

    /** A session with no card behind it (the pinpad path alone sends no APDU from the host). */
    static CardSession noCard(String reader) {
        return new CardSession() {
            @Override
            public Transport transport() {
                return cmd -> {
                    throw new AssertionError("no APDU expected from the host: " + Hex.encode(cmd));
                };
            }

            @Override
            public byte[] atr() {
                return Hex.decode("3B 80 80 01 01");
            }

            @Override
            public String readerName() {
                return reader;
            }

            @Override
            public int maxNe() {
                return 256;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public byte[] control(int controlCode, byte[] command) {
        calls.add(new Call(controlCode, command.clone()));
        if (!pinPad) {
            throw new UnsupportedOperationException("reader '" + readerName() + "' has no control path");
        }
        if (controlCode == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) {
            return FEATURES.clone();
        }
        if (controlCode == VERIFY_PIN_DIRECT && !answers.isEmpty()) {
            return answers.poll();
        }
        throw new IllegalStateException("unexpected control code " + Integer.toHexString(controlCode));
    }
}
