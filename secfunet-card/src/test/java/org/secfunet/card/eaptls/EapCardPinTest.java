package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;

class EapCardPinTest {
    @TempDir
    Path dir;

    private Path card() {
        return CardFixture.personalized(dir, CardFixture.pki(ThrowawayPki.KeyType.EC_P256), "peer");
    }

    @Test
    void threeWrongPinsBlockAndStayBlockedAcrossRestartsUntilUnblocked() {
        Path store = card();
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThat(c.pinTriesLeft()).isEqualTo(3);
            assertThatThrownBy(() -> c.verifyPin("9999".toCharArray())).hasMessageContaining("2 tries left");
            assertThatThrownBy(() -> c.verifyPin("9999".toCharArray())).hasMessageContaining("1 tries left");
        }
        // power cycle / new process: the count survived
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThat(c.pinTriesLeft()).isEqualTo(1);
            EapCardException.PinException e = org.assertj.core.api.Assertions.catchThrowableOfType(EapCardException.PinException.class,
                    () -> c.verifyPin("9999".toCharArray()));
            assertThat(e.blocked()).isTrue();
            assertThatThrownBy(() -> c.verifyPin(CardFixture.PIN)).hasMessageContaining("PIN blocked");
        }
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThat(c.pinTriesLeft()).isZero();
            assertThatThrownBy(() -> c.setIdentity("card")).hasMessageContaining("PIN blocked");
            assertThatThrownBy(() -> c.unblockPin("00000000".toCharArray(), "4321".toCharArray())).hasMessageContaining("9 tries left");
            c.unblockPin(CardFixture.PUK, "4321".toCharArray());
            assertThat(c.pinTriesLeft()).isEqualTo(3);
            assertThatThrownBy(() -> c.verifyPin(CardFixture.PIN)).hasMessageContaining("2 tries left");
            c.verifyPin("4321".toCharArray());
            assertThat(c.pinTriesLeft()).isEqualTo(-1);
            c.setIdentity("card");
        }
    }

    @Test
    void changeDisableAndEnable() {
        Path store = card();
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            c.changePin(CardFixture.PIN, "55667788".toCharArray());
            assertThatThrownBy(() -> c.verifyPin(CardFixture.PIN)).hasMessageContaining("2 tries left");
            c.verifyPin("55667788".toCharArray());
            c.disablePin("55667788".toCharArray());
        }
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            c.setIdentity("card"); // no PIN needed while disabled
            c.enablePin("55667788".toCharArray());
        }
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            assertThatThrownBy(() -> c.setIdentity("card")).isInstanceOf(EapCardException.PinException.class);
        }
    }

    @Test
    void secretOperationsRefuseBeforeThePin() {
        Path store = card();
        try (EapSmartcard c = CardFixture.open(store, Tracer.OFF, false)) {
            for (Runnable op : new Runnable[] {() -> c.setIdentity("card"), c::sessionKey, c::exportRecordKeys,
                    () -> c.sign(EapSmartcard.SignAlgorithm.ECDSA, new byte[32]), c::state, () -> c.exportedParameter(4)}) {
                assertThatThrownBy(op::run).isInstanceOf(EapCardException.PinException.class).hasMessageContaining("3 tries left");
            }
            // issuer commands need the unblock PIN, not the user PIN
            c.verifyPin(CardFixture.PIN);
            assertThatThrownBy(() -> c.addCa(new byte[10])).isInstanceOf(EapCardException.PinException.class);
        }
    }

    @Test
    void theTraceNeverShowsThePin() throws Exception {
        Path store = card();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (EapSmartcard c = CardFixture.open(store, Tracer.to(log, TraceLevel.HEX, Clock.systemUTC()), false)) {
            c.verifyPin(CardFixture.PIN);
            c.changePin(CardFixture.PIN, "8765".toCharArray());
            c.verifyPuk(CardFixture.PUK);
            c.unblockPin(CardFixture.PUK, "2468".toCharArray());
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("A0 20 00 00").contains("(PIN data redacted)");
        for (String pin : new String[] {"31 32 33 34", "38 37 36 35", "32 34 36 38", "31 32 33 34 35 36 37 38"}) {
            assertThat(text).doesNotContain(pin);
        }
    }

    @Test
    void theStoreIsEncryptedAndNeedsItsKeyFile() throws Exception {
        Path store = card();
        byte[] raw = Files.readAllBytes(store);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).startsWith("SFNEAPC1").doesNotContain("card@test.local").doesNotContain("BEGIN");
        Files.write(EapCardStore.keyFile(store), new byte[32]);
        assertThatThrownBy(() -> EapCardStore.open(store)).isInstanceOf(CardStoreException.class)
                .hasMessageContaining("is corrupt, or").hasMessageContaining(".key is not its key");
        Files.delete(EapCardStore.keyFile(store));
        assertThatThrownBy(() -> EapCardStore.open(store)).hasMessageContaining("has no key file");
    }
}
