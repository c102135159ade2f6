package org.secfunet.jca.keystore;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.Transport;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.SchemeProvider;

/**
 * {@code removable:FILE}: the software card of that store in a reader whose card the test can pull
 * out and put back ({@link #remove}, {@link #insert}). A session opened before a removal fails as a
 * PC/SC one does ({@link CardRemovedException}), and no session opens while the card is out.
 */
public final class RemovableReaderProvider extends SchemeProvider<RemovableReaderProvider.Address> {
    private static final String PREFIX = "removable:";
    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();

    /** The address of a removable reader holding the card of {@code store}. */
    public record Address(Path store) implements ReaderAddress {
        @Override
        public String text() {
            return PREFIX + store;
        }

        @Override
        public String scheme() {
            return "removable";
        }
    }

    private static final class Slot {
        volatile boolean present = true;
        volatile int insertions;
    }

    public RemovableReaderProvider() {
        super(Address.class, PREFIX + "FILE", s -> s.startsWith(PREFIX) ? new Address(Path.of(s.substring(PREFIX.length()))) : null);
    }

    public static void remove(Path store) {
        SLOTS.computeIfAbsent(store, s -> new Slot()).present = false;
    }

    public static void insert(Path store) {
        Slot s = SLOTS.computeIfAbsent(store, k -> new Slot());
        s.insertions++;
        s.present = true;
    }

    @Override
    protected CardSession open(Address address, ConnectOptions options) {
        Slot slot = SLOTS.computeIfAbsent(address.store(), s -> new Slot());
        if (!slot.present) {
            throw new CardRemovedException("no card in reader " + address.text());
        }
        int insertion = slot.insertions;
        OpenCard open = VirtualCards.open(address.store());
        CardSession inner = new InProcessSession(open.card(), address.text(), open::close);
        return new ForwardingSession(inner) {
            @Override
            public Transport transport() {
                Transport t = inner.transport();
                return command -> {
                    if (!slot.present || slot.insertions != insertion) {
                        throw new CardRemovedException("the card in reader " + address.text() + " was removed");
                    }
                    return t.transmit(command);
                };
            }
        };
    }
}
