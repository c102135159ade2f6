package org.secfunet.jca.keystore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.secfunet.apdu.Hex;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.SchemeProvider;
import org.secfunet.pcsc.eapcard.EapCardPinPad;
import org.secfunet.pcsc.part10.ReaderFeatures;

/**
 * {@code pinpad:FILE}: the software card of that store in a test pinpad reader (PC/SC part 10 as a
 * recorded reader answers it). The feature request answers one TLV, tag 06 (FEATURE_VERIFY_PIN_DIRECT)
 * length 4 control code {@value #VERIFY_PIN_DIRECT_HEX}; each VERIFY_PIN_DIRECT takes the next entry
 * of the store's {@link #keypad}: digits the "user types" (the reader puts them in the structure's
 * APDU, ASCII from data byte 0 as the EAP-TLS card's structure says, and sends it to the card) or a
 * reader outcome (e.g. 64 01, cancelled). {@code nopad:FILE} is the same card in a reader without part
 * 10 features (control() unsupported). Every control call is recorded in {@link #controls}.
 */
public final class PinPadReaderProvider extends SchemeProvider<PinPadReaderProvider.Address> {
    static final String VERIFY_PIN_DIRECT_HEX = "42330006";
    static final int VERIFY_PIN_DIRECT = 0x42330006;
    /** The feature request's answer: tag 06, length 4, the control code big endian. */
    static final byte[] FEATURES = Hex.decode("06 04 42 33 00 06");
    /** The APDU header in a PIN_VERIFY_STRUCTURE: after bTimerOut .. ulDataLength (19 bytes). */
    private static final int APDU_AT = 19;

    private static final Map<Path, ConcurrentLinkedDeque<Entry>> KEYPADS = new ConcurrentHashMap<>();
    private static final Map<Path, List<Control>> CONTROLS = new ConcurrentHashMap<>();

    /** What the user does on the pinpad for one entry. */
    public sealed interface Entry {
    }

    /** Types {@code digits} and OK. */
    public record Typed(String digits) implements Entry {
    }

    /** The reader answers {@code sw} itself (64 00 timeout, 64 01 cancel...) and sends nothing to the card. */
    public record ReaderAnswer(String sw) implements Entry {
    }

    /** One control call the host made. */
    public record Control(int code, byte[] command) {
    }

    /** The address of the card of {@code store} in a reader with ({@code pinPad}) or without a pinpad. */
    public record Address(Path store, boolean pinPad) implements ReaderAddress {
        @Override
        public String text() {
            return (pinPad ? "pinpad:" : "nopad:") + store;
        }

        @Override
        public String scheme() {
            return pinPad ? "pinpad" : "nopad";
        }
    }

    public PinPadReaderProvider() {
        super(Address.class, "pinpad:FILE or nopad:FILE", s -> s.startsWith("pinpad:") ? new Address(Path.of(s.substring(7)), true)
                : s.startsWith("nopad:") ? new Address(Path.of(s.substring(6)), false) : null);
    }

    /** The entries the user makes next on the pinpad of the reader holding {@code store}, in order. */
    public static void keypad(Path store, Entry... entries) {
        KEYPADS.computeIfAbsent(store, s -> new ConcurrentLinkedDeque<>()).addAll(List.of(entries));
    }

    /** The control calls made to the reader holding {@code store}. */
    public static List<Control> controls(Path store) {
        return CONTROLS.computeIfAbsent(store, s -> Collections.synchronizedList(new ArrayList<>()));
    }

    /** The VERIFY_PIN_DIRECT calls made to the reader holding {@code store}. */
    public static long entries(Path store) {
        synchronized (controls(store)) {
            return controls(store).stream().filter(c -> c.code() == VERIFY_PIN_DIRECT).count();
        }
    }

    @Override
    protected CardSession open(Address address, ConnectOptions options) {
        OpenCard open = VirtualCards.open(address.store());
        CardSession inner = new InProcessSession(open.card(), address.text(), open::close);
        return new ForwardingSession(inner) {
            @Override
            public byte[] control(int controlCode, byte[] command) {
                controls(address.store()).add(new Control(controlCode, command.clone()));
                if (!address.pinPad()) {
                    throw new UnsupportedOperationException("reader '" + address.text() + "' has no control path");
                }
                if (controlCode == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) {
                    return FEATURES.clone();
                }
                if (controlCode != VERIFY_PIN_DIRECT) {
                    throw new IllegalStateException("unexpected control code " + Integer.toHexString(controlCode));
                }
                if (!Arrays.equals(command, EapCardPinPad.verifyPin().encode())) {
                    throw new IllegalStateException("not the EAP-TLS card's PIN_VERIFY_STRUCTURE: " + Hex.encode(command));
                }
                Entry e = KEYPADS.computeIfAbsent(address.store(), s -> new ConcurrentLinkedDeque<>()).poll();
                return switch (e) {
                    case null -> Hex.decode("64 00"); // nobody typed: the reader's timeout
                    case ReaderAnswer a -> Hex.decode(a.sw());
                    case Typed t -> {
                        byte[] apdu = Arrays.copyOfRange(command, APDU_AT, command.length);
                        byte[] digits = t.digits().getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(digits, 0, apdu, 5, digits.length);
                        yield inner.transport().transmit(apdu);
                    }
                };
            }
        };
    }
}
