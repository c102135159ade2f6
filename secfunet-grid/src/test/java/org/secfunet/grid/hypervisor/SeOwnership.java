package org.secfunet.grid.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.grid.racs.SeConnector;
import org.secfunet.pcsc.CardDevice;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;

/**
 * The RACS servers' view of who drives each SE, recorded at the card: a {@link SeConnector} over
 * the {@code vcard:} software cards that notes, per SE, each card session (one power-on) with the
 * RACS connection that opened it (the server's session thread), and checks that every APDU of
 * that card session comes from that same connection and that no two card sessions of one SE are
 * open at once. A RACS connection belongs to one hypervisor, so this is stricter than "no two
 * hypervisors drive one SE at once". Violations are collected, never thrown (the server must not
 * see a test's assertion).
 */
final class SeOwnership {
    private final Map<String, AtomicInteger> openNow = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /** A connector for one RACS server ({@code server} names it in violations). */
    SeConnector connector(String server) {
        return address -> open(server, address);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Card sessions opened so far for {@code seid}. */
    int sessionsOf(String seid) {
        AtomicInteger n = sessions.get(seid);
        return n == null ? 0 : n.get();
    }

    private CardSession open(String server, String address) {
        Path file = Path.of(address.substring("vcard:".length()));
        String seid = file.getFileName().toString().replace(".sfn", "");
        String owner = server + "/" + Thread.currentThread().getName();
        OpenCard open = VirtualCards.open(file);
        int now = openNow.computeIfAbsent(seid, k -> new AtomicInteger()).incrementAndGet();
        sessions.computeIfAbsent(seid, k -> new AtomicInteger()).incrementAndGet();
        if (now > 1) {
            violations.add("SE " + seid + ": " + now + " card sessions open at once (the latest by " + owner + ")");
        }
        CardDevice card = open.card();
        CardDevice checked = new CardDevice() {
            @Override
            public byte[] atr() {
                return card.atr();
            }

            @Override
            public void powerOn() {
                card.powerOn();
            }

            @Override
            public void powerOff() {
                card.powerOff();
            }

            @Override
            public void reset() {
                card.reset();
            }

            @Override
            public byte[] transmit(byte[] command) {
                String by = server + "/" + Thread.currentThread().getName();
                if (!by.equals(owner)) {
                    violations.add("SE " + seid + ": an APDU from " + by + " in the card session of " + owner);
                }
                return card.transmit(command);
            }

            @Override
            public String label() {
                return card.label();
            }
        };
        return new InProcessSession(checked, address, () -> {
            openNow.get(seid).decrementAndGet();
            open.close();
        });
    }
}
