package org.secfunet.card.store;

import java.nio.file.Path;

/** Child process for the lock tests: opens a test card store once and says "opened" or why not. */
public final class StoreOpenMain {
    private StoreOpenMain() {
    }

    public static void main(String[] args) {
        try (CardStore s = CardStore.open(Path.of(args[0]))) {
            System.out.println("opened");
        } catch (CardStoreException e) {
            System.out.println(e.getMessage());
        }
    }
}
