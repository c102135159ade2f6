package org.secfunet.jca.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.Readers;
import org.secfunet.tls.TestCards;

/** The card bank over real software cards (vcard:, in process). */
class CardBankTest {
    @TempDir
    Path dir;

    private final ThrowawayPki pki = ThrowawayPki.create("bank CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));

    private CardBank bank(String config) {
        return new CardBank(JcaSettings.parse(config), Readers.discover());
    }

    @Test
    void aLeaseGivesASelectedVerifiedCardAndTheSessionStaysOpenForTheSameSource() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        AtomicInteger asked = new AtomicInteger();
        PinSource pins = reader -> {
            asked.incrementAndGet();
            return TestCards.PIN.clone();
        };
        try (CardBank bank = bank("vcard:" + store)) {
            for (int i = 0; i < 3; i++) {
                byte[] digest = new byte[32];
                byte[] sig = bank.withCard(null, pins, c -> c.sign(org.secfunet.pcsc.eapcard.EapSmartcard.SignAlgorithm.ECDSA, digest));
                assertThat(sig).isNotEmpty();
            }
            assertThat(asked).as("cache policy: one VERIFY for one source on one open session").hasValue(1);
            PinSource other = reader -> {
                asked.incrementAndGet();
                return TestCards.PIN.clone();
            };
            bank.withCard(null, other, c -> c.sign(org.secfunet.pcsc.eapcard.EapSmartcard.SignAlgorithm.ECDSA, new byte[32]));
            assertThat(asked).as("another source proves its own PIN").hasValue(2);
        }
    }

    @Test
    void aWrongPinNamesTheTriesLeftAndIsNeverPresentedAgain() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        try (CardBank bank = bank("vcard:" + store)) {
            PinSource wrong = PinSources.of("0000".toCharArray());
            assertThatThrownBy(() -> bank.withCard(null, wrong, c -> c.serial()))
                    .isInstanceOfSatisfying(CardProblem.class, p -> {
                        assertThat(p.reason()).isEqualTo(CardProblem.Reason.WRONG_PIN);
                        assertThat(p.triesLeft()).isEqualTo(2);
                    })
                    .hasMessageContaining("wrong PIN").hasMessageContaining("2 tries left").hasMessageNotContaining("0000");
            assertThatThrownBy(() -> bank.withCard(null, wrong, c -> c.serial()))
                    .isInstanceOfSatisfying(CardProblem.class, p -> assertThat(p.reason()).isEqualTo(CardProblem.Reason.NO_PIN));
            // the card still has two tries: the right PIN works
            int left = bank.withCard(null, PinSources.of(TestCards.PIN), c -> c.pinTriesLeft());
            assertThat(left).isEqualTo(-1);
        }
    }

    @Test
    void threeWrongPinsBlockAndTheMessageSaysHowToUnblock() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        try (CardBank bank = bank("vcard:" + store)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> bank.withCard(null, PinSources.of("0000".toCharArray()), c -> c.serial())).hasMessageContaining("wrong PIN");
            }
            assertThatThrownBy(() -> bank.withCard(null, PinSources.of("0000".toCharArray()), c -> c.serial()))
                    .isInstanceOfSatisfying(CardProblem.class, p -> assertThat(p.reason()).isIn(CardProblem.Reason.PIN_BLOCKED, CardProblem.Reason.WRONG_PIN));
            assertThatThrownBy(() -> bank.withCard(null, PinSources.of(TestCards.PIN), c -> c.serial()))
                    .isInstanceOfSatisfying(CardProblem.class, p -> assertThat(p.reason()).isEqualTo(CardProblem.Reason.PIN_BLOCKED))
                    .hasMessageContaining("blocked").hasMessageContaining("secfunet card pin unblock");
        }
    }

    @Test
    void aBrokenSessionIsReopenedAndAnotherCardInTheReaderIsNotGivenThePin() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        Path other = TestCards.personalized(Files.createDirectories(dir.resolve("other")), pki, pki);
        PinSource pins = PinSources.of(TestCards.PIN);
        try (CardBank bank = bank("vcard:" + store)) {
            byte[] serial = bank.withCard(null, pins, c -> c.serial());
            try (CardLease l = bank.lease(pins)) {
                l.broken(); // as after a card removal
            }
            byte[] again = bank.withCard(null, pins, c -> c.serial());
            assertThat(again).as("reopened and verified again").isEqualTo(serial);
            try (CardLease l = bank.lease(pins)) {
                l.broken();
            }
            for (String f : new String[] {"", ".key", ".gen"}) {
                Path from = Path.of(other + f);
                if (Files.exists(from)) {
                    Files.copy(from, Path.of(store + f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            assertThatThrownBy(() -> bank.withCard(null, pins, c -> c.serial()))
                    .isInstanceOfSatisfying(CardProblem.class, p -> assertThat(p.reason()).isEqualTo(CardProblem.Reason.OTHER_CARD))
                    .hasMessageContaining("not the card this PIN was given for");
        }
    }

    @Test
    void perOperationResetsTheCardAfterEachOperation() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        AtomicInteger asked = new AtomicInteger();
        PinSource pins = reader -> {
            asked.incrementAndGet();
            return TestCards.PIN.clone();
        };
        try (CardBank bank = bank("vcard:" + store + ";pin-policy=per-operation")) {
            for (int i = 0; i < 3; i++) {
                bank.withCard(null, pins, c -> c.sign(org.secfunet.pcsc.eapcard.EapSmartcard.SignAlgorithm.ECDSA, new byte[32]));
            }
            assertThat(asked).hasValue(3);
            try (CardLease l = bank.lease(PinSource.NONE)) {
                assertThat(l.card().pinTriesLeft()).as("no verification outlives its operation").isEqualTo(3);
            }
        }
    }

    @Test
    void anUnknownReaderAndAMissingCardAreNamed() throws Exception {
        try (CardBank bank = bank("vcard:" + dir.resolve("nothing.sfn"))) {
            assertThatThrownBy(() -> bank.lease("vcard:/elsewhere", PinSource.NONE)).hasMessageContaining("not one of this provider's readers");
            assertThatThrownBy(() -> bank.withCard(null, PinSource.NONE, c -> c.serial()))
                    .isInstanceOf(CardProblem.class).hasMessageContaining(dir.resolve("nothing.sfn").toString());
        }
    }
}
