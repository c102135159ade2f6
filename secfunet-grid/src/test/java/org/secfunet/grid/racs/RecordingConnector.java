package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.Readers;

/**
 * A connector to the real (software) cards that records what reaches them: every power-on, every
 * power-off and every command APDU, in order, as {@code ON}, {@code OFF} and the command's hex.
 */
final class RecordingConnector implements SeConnector {
    private final SeConnector real = SeConnector.of(Readers.discover());
    private final List<String> events = new ArrayList<>();

    @Override
    public CardSession connect(String readerAddress) {
        CardSession s = real.connect(readerAddress);
        record("ON");
        return new CardSession() {
            @Override
            public org.secfunet.apdu.Transport transport() {
                return command -> {
                    record(Hex.encode(command));
                    return s.transport().transmit(command);
                };
            }

            @Override
            public byte[] atr() {
                return s.atr();
            }

            @Override
            public String readerName() {
                return s.readerName();
            }

            @Override
            public int maxNe() {
                return s.maxNe();
            }

            @Override
            public void close() {
                record("OFF");
                s.close();
            }

            @Override
            public void closeAndReset() {
                record("OFF");
                s.closeAndReset();
            }
        };
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    /** Everything recorded so far. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** How many events so far (to compare before and after a refused line). */
    synchronized int count() {
        return events.size();
    }

    /** The events since {@code from}. */
    synchronized List<String> since(int from) {
        return List.copyOf(events.subList(from, events.size()));
    }
}
