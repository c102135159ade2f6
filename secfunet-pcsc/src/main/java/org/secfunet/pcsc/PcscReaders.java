package org.secfunet.pcsc;

import java.lang.reflect.Field;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * PC/SC readers through javax.smartcardio (the seed's scardpcsc): list readers and cards, pick a
 * reader by index or name, connect shared or exclusive. A lost PC/SC context (pcscd restarted) is
 * re-established instead of failing forever. "No reader" is an empty list, not an error.
 */
public final class PcscReaders {
    private static final PcscReaders SHARED = new PcscReaders();

    static {
        // Our own layers do GET RESPONSE and 6Cxx so the trace shows the real traffic.
        for (String p : new String[] {"sun.security.smartcardio.t0GetResponse", "sun.security.smartcardio.t1GetResponse"}) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "false");
            }
        }
    }

    private TerminalFactory factory;
    private int contextResets;

    public static PcscReaders shared() {
        return SHARED;
    }

    /** The readers, in PC/SC order, with card presence and ATR. An empty list when there are none. */
    public List<ReaderInfo> list() {
        return scan(true);
    }

    /**
     * Reader names and whether each holds a card, in PC/SC order, without connecting to any card
     * (status queries only): what a poller should call.
     */
    public java.util.Map<String, Boolean> presence() {
        java.util.Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (ReaderInfo r : scan(false)) {
            out.put(r.name(), r.cardPresent());
        }
        return out;
    }

    /** One pass over the readers; reading ATRs connects to each present card. */
    private List<ReaderInfo> scan(boolean withAtr) {
        for (int attempt = 0; ; attempt++) {
            List<CardTerminal> terminals = terminals();
            List<ReaderInfo> out = new ArrayList<>(terminals.size());
            try {
                for (int i = 0; i < terminals.size(); i++) {
                    CardTerminal t = terminals.get(i);
                    boolean present = isPresent(t);
                    out.add(new ReaderInfo(i, t.getName(), present, present && withAtr ? atrOf(t) : null));
                }
                return out;
            } catch (ContextLost e) {
                if (attempt > 0) {
                    throw unavailable(e.cause);
                }
                resetContext();
            }
        }
    }

    /**
     * Waits until the named reader holds a card ({@code present}) or not, polling status every
     * 50 ms for at most {@code max}; false on timeout. A service that is restarting counts as "not yet".
     */
    public boolean awaitCard(String reader, boolean present, java.time.Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        do {
            try {
                if (presence().getOrDefault(reader, false) == present) {
                    return true;
                }
            } catch (ReaderException e) {
                // pcscd restarting: try again until the deadline
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return false;
    }

    /** Only the readers that hold a card. */
    public List<ReaderInfo> listWithCard() {
        return list().stream().filter(ReaderInfo::cardPresent).toList();
    }

    /** The reader at this index (in {@link #list()} order) or of this name (exact, else unique prefix). */
    public CardTerminal select(ReaderAddress address) {
        List<CardTerminal> terminals = terminals();
        if (terminals.isEmpty()) {
            throw new ReaderException("no PC/SC reader is connected");
        }
        if (address instanceof ReaderAddress.PcscIndex(int index)) {
            if (index >= terminals.size()) {
                throw new ReaderException("no reader with index " + index + " (there " + (terminals.size() == 1 ? "is 1 reader" : "are " + terminals.size() + " readers") + ": 0.." + (terminals.size() - 1) + ")");
            }
            return terminals.get(index);
        }
        if (address instanceof ReaderAddress.PcscName(String name)) {
            for (CardTerminal t : terminals) {
                if (t.getName().equals(name)) {
                    return t;
                }
            }
            List<CardTerminal> matches = terminals.stream()
                    .filter(t -> t.getName().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT))).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.isEmpty()) {
                throw new ReaderException("no reader named '" + name + "' (readers: " + names(terminals) + ")");
            }
            throw new ReaderException("reader name '" + name + "' is ambiguous: " + names(matches));
        }
        throw new ReaderException("'" + address.text() + "' is not a PC/SC reader address");
    }

    /** Connects to the card in the reader; a lost PC/SC context is re-established once. */
    public CardSession connect(ReaderAddress address, ConnectOptions options) {
        try {
            return connectOnce(address, options);
        } catch (ContextLost e) {
            resetContext();
            try {
                return connectOnce(address, options);
            } catch (ContextLost again) {
                throw unavailable(again.cause);
            }
        }
    }

    private CardSession connectOnce(ReaderAddress address, ConnectOptions options) {
        CardTerminal terminal = select(address);
        String name = terminal.getName();
        try {
            if (options.waitForCardMillis() > 0 && !terminal.waitForCardPresent(options.waitForCardMillis())) {
                throw new ReaderException("no card in reader '" + name + "' after waiting " + options.waitForCardMillis() + " ms");
            }
            Card card = terminal.connect(options.protocol());
            if (options.share() == ShareMode.EXCLUSIVE) {
                try {
                    card.beginExclusive();
                } catch (CardException e) {
                    card.disconnect(false);
                    throw new ReaderException("card in reader '" + name + "' is in use by another application (exclusive access refused)", e);
                }
            }
            return new PcscSession(card, name, options.share() == ShareMode.EXCLUSIVE);
        } catch (CardNotPresentException e) {
            throw new ReaderException("no card in reader '" + name + "'", e);
        } catch (CardException e) {
            String code = PcscErrors.code(e);
            if (code.equals("SCARD_E_NO_SMARTCARD") || code.equals("SCARD_W_REMOVED_CARD")) {
                throw new ReaderException("no card in reader '" + name + "'", e);
            }
            if (code.equals("SCARD_E_SHARING_VIOLATION")) {
                throw new ReaderException("card in reader '" + name + "' is held exclusively by another application", e);
            }
            if (PcscErrors.contextLost(e)) {
                throw new ContextLost(e);
            }
            throw new ReaderException("cannot connect to the card in reader '" + name + "': " + (code.isEmpty() ? e.getMessage() : code), e);
        }
    }

    /** The live terminal list; re-establishes the PC/SC context once when it was lost. */
    synchronized List<CardTerminal> terminals() {
        for (int attempt = 0; ; attempt++) {
            try {
                return factory().terminals().list();
            } catch (CardException e) {
                if (PcscErrors.noReaders(e)) {
                    return List.of();
                }
                if (attempt == 0 && PcscErrors.contextLost(e)) {
                    resetContext();
                    continue;
                }
                throw unavailable(e);
            }
        }
    }

    /** How many times the PC/SC context has been re-established (for tests and diagnostics). */
    public synchronized int contextResets() {
        return contextResets;
    }

    private TerminalFactory factory() {
        if (factory == null) {
            try {
                factory = TerminalFactory.getInstance("PC/SC", null);
            } catch (NoSuchAlgorithmException e) {
                throw unavailable(e);
            }
        }
        return factory;
    }

    private static ReaderException unavailable(Exception e) {
        String code = PcscErrors.code(e);
        if (code.equals("SCARD_E_NO_SERVICE") || code.equals("SCARD_E_SERVICE_STOPPED") || e instanceof NoSuchAlgorithmException) {
            return new ReaderException("the PC/SC service is not available (is pcscd running?)" + (code.isEmpty() ? "" : " [" + code + "]"), e);
        }
        return new ReaderException("PC/SC error: " + (code.isEmpty() ? e.getMessage() : code), e);
    }

    /**
     * Drops the factory and, for the JDK's SunPCSC provider, its process-wide context handle, so the
     * next call establishes a new context with the (restarted) service. SunPCSC keeps that handle in
     * a static field; clearing it needs {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}
     * (the launcher passes it). Without it the JVM cannot recover and the error says so.
     */
    synchronized void resetContext() {
        factory = null;
        contextResets++;
        try {
            Class<?> terminals = Class.forName("sun.security.smartcardio.PCSCTerminals");
            Field f = terminals.getDeclaredField("contextId");
            f.setAccessible(true);
            // SunPCSC also caches its terminal objects, each bound to the old context: drop them too
            Field cache = terminals.getDeclaredField("terminals");
            cache.setAccessible(true);
            synchronized (terminals) {
                f.setLong(null, 0L);
                ((java.util.Map<?, ?>) cache.get(null)).clear();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ReaderException("the PC/SC context was lost (pcscd restarted?) and this JVM cannot re-create it; "
                    + "run with --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED", e);
        }
    }

    /** The ATR of the card in the named reader, or null when it cannot be read now. */
    public byte[] atr(String readerName) {
        for (CardTerminal t : terminals()) {
            if (t.getName().equals(readerName)) {
                return atrOf(t);
            }
        }
        return null;
    }

    private static boolean isPresent(CardTerminal t) {
        try {
            return t.isCardPresent();
        } catch (CardException e) {
            if (PcscErrors.contextLost(e)) {
                throw new ContextLost(e);
            }
            return false;
        }
    }

    /** Internal signal: the terminal objects belong to a dead PC/SC context. */
    private static final class ContextLost extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final CardException cause;

        ContextLost(CardException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static byte[] atrOf(CardTerminal t) {
        try {
            Card c = t.connect("*");
            try {
                return c.getATR().getBytes();
            } finally {
                c.disconnect(false);
            }
        } catch (CardException | RuntimeException e) {
            return null; // held exclusively elsewhere, or removed meanwhile
        }
    }

    private static String names(List<CardTerminal> ts) {
        return String.join(", ", ts.stream().map(t -> "'" + t.getName() + "'").toList());
    }
}
