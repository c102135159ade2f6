package org.secfunet.card.testing;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.secfunet.pcsc.part10.PinBlockFormat;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinModifyStructure;
import org.secfunet.pcsc.part10.PinVerifyStructure;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.testing.PinPadReader;

/**
 * {@code pinpad:FILE} (tests only): the software card of that store in a simulated PC/SC part 10
 * pinpad reader with FEATURE_VERIFY_PIN_DIRECT and FEATURE_MODIFY_PIN_DIRECT, at the control codes
 * of the recorded {@link PinPadReader}. For each PIN the structure asks (VERIFY: the PIN; MODIFY: the
 * current one when {@code bConfirmPIN} says so, then the new one, whose confirmation the user types
 * the same) the reader takes the next {@link Entry} queued for the store: digits the user types,
 * which it decodes the structure for ({@link PinVerifyStructure#decode}, {@link PinModifyStructure#decode})
 * and writes into the APDU template per its {@link PinBlockFormat} before it sends the APDU to the
 * card and answers the card's response; or a reader outcome (64 01 cancelled...) it answers itself,
 * sending nothing. With nothing queued it answers 64 00 (timeout). So it serves the EAP-TLS card's
 * and the SIM's structures alike. {@code nopad:FILE} is the same card in a reader without part 10
 * features (control() unsupported). Every control call is recorded ({@link #controls}). The scheme
 * is not shown in the reader address forms (empty syntax). Each test module using it registers it
 * in its own test {@code META-INF/services/org.secfunet.pcsc.ReaderProvider}.
 */
public final class PinPadReaderProvider extends SchemeProvider<PinPadReaderProvider.Address> {
    /** The control code of VERIFY_PIN_DIRECT on this reader: {@link PinPadReader#VERIFY_CODE}. */
    public static final int VERIFY_PIN_DIRECT = PinPadReader.VERIFY_CODE;
    /** The control code of MODIFY_PIN_DIRECT on this reader: {@link PinPadReader#MODIFY_CODE}. */
    public static final int MODIFY_PIN_DIRECT = PinPadReader.MODIFY_CODE;
    private static final byte[] FEATURES = Hex.decode(PinPadReader.VERIFY_AND_MODIFY);
    private static final String PINPAD = "pinpad";
    private static final String NOPAD = "nopad";

    private static final Map<Path, ConcurrentLinkedDeque<Entry>> KEYPADS = new ConcurrentHashMap<>();
    private static final Map<Path, List<Control>> CONTROLS = new ConcurrentHashMap<>();

    /** What the user does on the pinpad for one PIN. */
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
            return scheme() + ":" + store;
        }

        @Override
        public String scheme() {
            return pinPad ? PINPAD : NOPAD;
        }
    }

    /** The provider {@link java.util.ServiceLoader} makes. */
    public PinPadReaderProvider() {
        super(Address.class, "", PinPadReaderProvider::address);
    }

    private static Address address(String s) {
        if (s.startsWith(PINPAD + ":")) {
            return new Address(Path.of(s.substring(PINPAD.length() + 1)), true);
        }
        if (s.startsWith(NOPAD + ":")) {
            return new Address(Path.of(s.substring(NOPAD.length() + 1)), false);
        }
        return null;
    }

    /** The entries the user makes next on the pinpad of the reader holding {@code store}, in order, after those queued. */
    public static void keypad(Path store, Entry... entries) {
        keys(store).addAll(List.of(entries));
    }

    /** What the user types on the pinpad of {@code store}'s reader, one PIN an entry (a change: the current, then the new PIN), instead of what was queued. */
    public static void type(Path store, String... digits) {
        ConcurrentLinkedDeque<Entry> keys = keys(store);
        keys.clear();
        for (String d : digits) {
            keys.add(new Typed(d));
        }
    }

    /** The control calls made to the reader holding {@code store}. */
    public static List<Control> controls(Path store) {
        return CONTROLS.computeIfAbsent(store, s -> Collections.synchronizedList(new ArrayList<>()));
    }

    /** The PIN entries (VERIFY_PIN_DIRECT and MODIFY_PIN_DIRECT calls) made to the reader holding {@code store}. */
    public static long entries(Path store) {
        List<Control> controls = controls(store);
        synchronized (controls) {
            return controls.stream().filter(c -> c.code() == VERIFY_PIN_DIRECT || c.code() == MODIFY_PIN_DIRECT).count();
        }
    }

    private static ConcurrentLinkedDeque<Entry> keys(Path store) {
        return KEYPADS.computeIfAbsent(store, s -> new ConcurrentLinkedDeque<>());
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
                return switch (controlCode) {
                    case ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST -> FEATURES.clone();
                    case VERIFY_PIN_DIRECT -> {
                        PinVerifyStructure v = PinVerifyStructure.decode(command);
                        yield entered(v.apdu(), v.entry().format(), new int[] {0});
                    }
                    case MODIFY_PIN_DIRECT -> {
                        PinModifyStructure m = PinModifyStructure.decode(command);
                        int[] offsets = (m.confirmPin() & PinModifyStructure.ENTER_CURRENT) != 0 ? new int[] {m.offsetOld(), m.offsetNew()}
                                : new int[] {m.offsetNew()};
                        yield entered(m.apdu(), m.entry().format(), offsets);
                    }
                    default -> throw new IllegalStateException("unexpected control code " + Integer.toHexString(controlCode));
                };
            }

            /** One entry for the PIN block at each offset, then the completed APDU to the card; or the reader's own answer. */
            private byte[] entered(byte[] apdu, PinBlockFormat format, int[] offsets) {
                for (int offset : offsets) {
                    switch (keys(address.store()).poll()) {
                        case null -> {
                            return sw(PinEntryOutcome.SW_TIMEOUT); // nobody typed: the reader's timeout
                        }
                        case ReaderAnswer a -> {
                            return Hex.decode(a.sw());
                        }
                        case Typed t -> PinBlockWriter.write(apdu, format, offset, t.digits());
                    }
                }
                return inner.transport().transmit(apdu);
            }
        };
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }
}
