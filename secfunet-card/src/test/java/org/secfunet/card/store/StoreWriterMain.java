package org.secfunet.card.store;

import java.nio.file.Path;

/** Child process for the crash test: increments the counter forever until killed. */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    public static void main(String[] args) {
        try (CardStore s = CardStore.open(Path.of(args[0]))) {
            // one write completed before "writing": a kill at any later instant leaves a counter above 0
            increment(s);
            System.out.print("writing\n");
            System.out.flush();
            for (long i = 0; i < 10_000_000L; i++) {
                increment(s);
            }
        }
    }

    private static void increment(CardStore s) {
        CardImage n = s.image();
        n.counter++;
        s.update(n);
    }
}
