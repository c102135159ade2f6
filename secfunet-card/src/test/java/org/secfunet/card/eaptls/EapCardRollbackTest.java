package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** Issue 13, item 2, as it was found: the store put back after wrong PINs (FILE.key untouched) brought the tries back to 3. */
class EapCardRollbackTest {
    @TempDir
    Path dir;

    @Test
    void wrongPinsAreNotUndoneByPuttingAnOlderStoreBack() throws Exception {
        Path store = CardFixture.personalized(dir, CardFixture.pki(ThrowawayPki.KeyType.EC_P256), "peer");
        Path full = Files.copy(store, dir.resolve("full-tries.sfn"));
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThatThrownBy(() -> c.verifyPin("9999".toCharArray())).hasMessageContaining("2 tries left");
            assertThatThrownBy(() -> c.verifyPin("9999".toCharArray())).hasMessageContaining("1 tries left");
        }
        Path newest = Files.copy(store, dir.resolve("newest.sfn"));
        Files.copy(full, store, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CardFixture.open(store, Tracer.OFF, false).close()).isInstanceOf(CardStoreException.class)
                .hasMessageStartingWith("card store " + store + " was rolled back (generation ");
        Files.copy(newest, store, StandardCopyOption.REPLACE_EXISTING);
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThat(c.pinTriesLeft()).isEqualTo(1);
        }
    }
}
