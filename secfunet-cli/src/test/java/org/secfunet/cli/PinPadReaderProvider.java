package org.secfunet.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.SchemeProvider;
import org.secfunet.pcsc.part10.PinModifyStructure;
import org.secfunet.pcsc.part10.PinVerifyStructure;
import org.secfunet.pcsc.part10.ReaderFeatures;

/**
 * {@code pinpad:FILE} (tests only): the software card of that store in a simulated pinpad reader
 * with VERIFY_PIN_DIRECT and MODIFY_PIN_DIRECT. The "user" types what {@link #type} queued for the
 * store: the reader decodes the structure, writes the digits in ASCII into the APDU's 8-byte
 * FF-padded fields (the layout every SecFuNet structure asks for) and sends it to the card; the
 * host gets the status word only. With nothing queued it answers 6400 (timeout). No syntax is
 * shown in help.
 */
public final class PinPadReaderProvider extends SchemeProvider<PinPadReaderProvider.Address> {
    private static final String PREFIX = "pinpad:";
    private static final int VERIFY = 0x42330006;
    private static final int MODIFY = 0x42330007;
    private static final Map<Path, Deque<String>> KEYS = new ConcurrentHashMap<>();

    /** A pinpad reader holding the card of {@code store}. */
    public record Address(Path store) implements ReaderAddress {
        @Override
        public String text() {
            return PREFIX + store;
        }

        @Override
        public String scheme() {
            return "pinpad";
        }
    }

    public PinPadReaderProvider() {
        super(Address.class, "", s -> s.startsWith(PREFIX) ? new Address(Path.of(s.substring(PREFIX.length()))) : null);
    }

    /** What the user will type on the pinpad of {@code store}'s reader, entry by entry (a change: the old, then the new PIN). */
    static void type(Path store, String... entries) {
        KEYS.put(store, new ArrayDeque<>(Arrays.asList(entries)));
    }

    @Override
    protected CardSession open(Address address, ConnectOptions options) {
        OpenCard open = VirtualCards.open(address.store());
        CardSession inner = new InProcessSession(open.card(), address.text(), open::close);
        Deque<String> keys = KEYS.computeIfAbsent(address.store(), k -> new ArrayDeque<>());
        return new ForwardingSession(inner) {
            @Override
            public byte[] control(int controlCode, byte[] command) {
                return switch (controlCode) {
                    case ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST -> new byte[] {0x06, 4, 0x42, 0x33, 0x00, 0x06, 0x07, 4, 0x42, 0x33, 0x00, 0x07};
                    case VERIFY -> {
                        byte[] apdu = PinVerifyStructure.decode(command).apdu();
                        yield entered(apdu, new int[] {0}, keys);
                    }
                    case MODIFY -> {
                        PinModifyStructure m = PinModifyStructure.decode(command);
                        yield entered(m.apdu(), new int[] {m.offsetOld(), m.offsetNew()}, keys);
                    }
                    default -> throw new UnsupportedOperationException("control code " + Integer.toHexString(controlCode));
                };
            }

            private byte[] entered(byte[] apdu, int[] offsets, Deque<String> typed) {
                for (int offset : offsets) {
                    String pin = typed.poll();
                    if (pin == null) {
                        return new byte[] {0x64, 0x00};
                    }
                    byte[] digits = pin.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(digits, 0, apdu, 5 + offset, digits.length);
                }
                byte[] answer = inner.transport().transmit(apdu);
                return Arrays.copyOfRange(answer, answer.length - 2, answer.length);
            }
        };
    }
}
