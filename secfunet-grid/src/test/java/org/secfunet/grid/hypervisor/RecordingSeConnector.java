package org.secfunet.grid.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.grid.racs.SeConnector;
import org.secfunet.pcsc.CardDevice;
import org.secfunet.pcsc.ForwardingCardDevice;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;

/**
 * The RACS servers' view of who drives each SE, recorded at the card: a {@link SeConnector} over
 * the {@code vcard:} software cards that counts, per SE, the card sessions (one power-on each) open
 * now, at most at once and so far, and notes each card session with the RACS connection that
 * opened it (the server's session thread), checking that every APDU of that card session comes
 * from that same connection and that no two card sessions of one SE are open at once. A RACS
 * connection belongs to one hypervisor, so this is stricter than "no two hypervisors drive one SE
 * at once". Violations are collected, never thrown (the server must not see a test's assertion).
 * One card session of an SE may be stalled at its third APDU ({@link #stall}).
 */
public final class RecordingSeConnector {
    /** Card sessions open now, per SE. */
    public final Map<String, AtomicInteger> openNow = new ConcurrentHashMap<>();
    /** Card sessions open at most at once so far, per SE. */
    public final Map<String, AtomicInteger> openMax = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    private final Function<Path, String> seidOf;

    private record Stall(CountDownLatch release, CountDownLatch reached) {
    }

    /** SEIDs named by the card files ({@code SEID.sfn}). */
    public RecordingSeConnector() {
        this(file -> file.getFileName().toString().replace(".sfn", ""));
    }

    /** SEIDs told by {@code seidOf} from a card's file. */
    public RecordingSeConnector(Function<Path, String> seidOf) {
        this.seidOf = seidOf;
    }

    /** A connector for one RACS server ({@code server} names it in violations). */
    public SeConnector connector(String server) {
        return address -> open(server, address);
    }

    /** What was seen that should not have been. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Card sessions opened so far for {@code seid}. */
    public int sessionsOf(String seid) {
        AtomicInteger n = sessions.get(seid);
        return n == null ? 0 : n.get();
    }

    /** The third APDU of the next card session of {@code seid} counts {@code reached} down, then waits for {@code release} (at most 10 s). */
    public void stall(String seid, CountDownLatch release, CountDownLatch reached) {
        stalls.put(seid, new Stall(release, reached));
    }

    private CardSession open(String server, String address) {
        Path file = Path.of(address.substring("vcard:".length()));
        String seid = seidOf.apply(file);
        String owner = server + "/" + Thread.currentThread().getName();
        OpenCard open = VirtualCards.open(file);
        int now = openNow.computeIfAbsent(seid, k -> new AtomicInteger()).incrementAndGet();
        openMax.computeIfAbsent(seid, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        sessions.computeIfAbsent(seid, k -> new AtomicInteger()).incrementAndGet();
        if (now > 1) {
            violations.add("SE " + seid + ": " + now + " card sessions open at once (the latest by " + owner + ")");
        }
        Stall stall = stalls.remove(seid);
        CardDevice card = open.card();
        CardDevice checked = new ForwardingCardDevice(card) {
            private int n;

            @Override
            public byte[] transmit(byte[] command) {
                String by = server + "/" + Thread.currentThread().getName();
                if (!by.equals(owner)) {
                    violations.add("SE " + seid + ": an APDU from " + by + " in the card session of " + owner);
                }
                if (++n == 3 && stall != null) {
                    stall.reached().countDown();
                    try {
                        stall.release().await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return card.transmit(command);
            }
        };
        return new InProcessSession(checked, address, () -> {
            openNow.get(seid).decrementAndGet();
            open.close();
        });
    }
}
