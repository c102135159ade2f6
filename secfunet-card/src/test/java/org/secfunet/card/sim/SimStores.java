package org.secfunet.card.sim;

import java.nio.file.Path;

/** The software SIM stores of the tests: a profile, given as its TOML text, written as a new store. */
final class SimStores {
    private SimStores() {
    }

    static Path create(Path store, String profileToml) {
        SimCards.create(store, SimProfile.parse(profileToml, "test"));
        return store;
    }
}
