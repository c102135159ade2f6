package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.LogCapture;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.service.SecretSpec;

/**
 * An SE of a radius_server pool whose operator PIN a software card refuses: presented once (counted
 * at the card), then held out until its {@code file:} source gives another PIN, by an injected clock
 * and a test budget in place of ZooKeeper's PIN ledger.
 */
class PoolPinsTest {
    private static final String SE = "se1";
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(PoolPins.CHECK_MILLIS);

    @TempDir
    Path dir;
    private Path store;
    private Path pinFile;
    private SecretSpec pin;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TestBudget budget = new TestBudget();
    private final GridCardStats stats = new GridCardStats();
    private PoolPins pins;

    @BeforeEach
    void setUp() throws Exception {
        store = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1)).serverCards.get(0);
        pinFile = dir.resolve("se1.pin");
        pin = new SecretSpec("file:se1.pin", dir);
        pins = new PoolPins("wifi", budget, 1, 3600, stats, now::get);
    }

    /** What the pool does per conversation: presents the PIN unless the SE is held out; true when it presented it and the card took it. */
    private boolean conversation() {
        if (pins.heldOut(SE, pin) != null) {
            return false;
        }
        try (EapSmartcard card = card()) {
            pins.present(SE, pin, card);
            return true;
        }
    }

    private EapSmartcard card() {
        EapSmartcard card = new EapSmartcard(Readers.discover().connect("vcard:" + store, ConnectOptions.DEFAULT), Tracer.OFF);
        card.select();
        return card;
    }

    private int triesLeft() {
        try (EapSmartcard card = card()) {
            return card.pinTriesLeft();
        }
    }

    private void writePin(String value) throws Exception {
        Files.writeString(pinFile, value + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedPinIsPresentedOnceAndTheSeComesBackWhenItsFileGivesAnotherPin() throws Exception {
        writePin("0000");
        int before = triesLeft();
        try (LogCapture log = new LogCapture(PoolPins.class)) {
            assertThatThrownBy(this::conversation).isInstanceOf(EapCardException.PinException.class);
            assertThat(triesLeft()).as("one wrong PIN, counted at the card").isEqualTo(before - 1);
            assertThat(budget.failures).isEqualTo(1);
            assertThat(stats.pinRefused).hasValue(1);
            assertThat(pins.out()).containsOnlyKeys(SE);
            assertThat(pins.out().get(SE)).startsWith("PIN refused: ").contains("fix its PIN source (file:se1.pin)").doesNotContain("0000");

            for (int i = 0; i < 5; i++) { // the same secret: stays out, and the card never sees it again
                now.addAndGet(CHECK_NANOS);
                assertThat(conversation()).isFalse();
            }
            writePin("0000"); // rewritten with the same PIN
            now.addAndGet(CHECK_NANOS);
            assertThat(conversation()).isFalse();
            assertThat(triesLeft()).as("the refused PIN was presented exactly once").isEqualTo(before - 1);
            assertThat(budget.reserved).isEqualTo(1);

            writePin(RadiusLab.PIN);
            now.addAndGet(CHECK_NANOS / 2);
            assertThat(conversation()).as("read again at most once per check interval").isFalse();
            now.addAndGet(CHECK_NANOS / 2);
            assertThat(conversation()).as("the fixed PIN is presented and taken").isTrue();
            assertThat(pins.out()).isEmpty();
            assertThat(triesLeft()).isEqualTo(before);
            assertThat(budget.reserved).isEqualTo(2);
            assertThat(budget.failures).isEqualTo(1);
            assertThat(log.withLevels()).hasSize(2);
            assertThat(log.withLevels().get(0)).startsWith("WARN SE se1 leaves this radius_server's pool wifi: PIN refused: ")
                    .endsWith("; fix its PIN source (file:se1.pin): the SE comes back when it gives a PIN not refused yet");
            assertThat(log.withLevels().get(1)).isEqualTo(
                    "INFO SE se1 is back in this radius_server's pool wifi: its PIN source (file:se1.pin) now gives another PIN, not one refused yet");
            assertThat(String.join("\n", log.lines())).doesNotContain("0000").doesNotContain(RadiusLab.PIN);
        }
    }

    @Test
    void theTimerTakesAnSeBackWithoutAConversationAndAMissingFileKeepsItOut() throws Exception {
        writePin("0000");
        assertThatThrownBy(this::conversation).isInstanceOf(EapCardException.PinException.class);
        Files.delete(pinFile);
        now.addAndGet(CHECK_NANOS);
        pins.recheck(seid -> pin);
        assertThat(pins.out()).as("no secret to compare: stays out").containsOnlyKeys(SE);
        writePin(RadiusLab.PIN);
        pins.recheck(seid -> pin);
        assertThat(pins.out()).as("not due yet").containsOnlyKeys(SE);
        now.addAndGet(CHECK_NANOS);
        pins.recheck(seid -> pin);
        assertThat(pins.out()).isEmpty();
    }

    @Test
    void aNewPinRefusedAgainIsHeldOutAgainAndNoRefusedPinComesBack() throws Exception {
        writePin("0000");
        int before = triesLeft();
        assertThatThrownBy(this::conversation).isInstanceOf(EapCardException.PinException.class);
        writePin("1111");
        now.addAndGet(CHECK_NANOS);
        assertThatThrownBy(this::conversation).isInstanceOf(EapCardException.PinException.class);
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isFalse();
        writePin("0000"); // back to the first refused PIN: refused before, so it stays out
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isFalse();
        assertThat(triesLeft()).as("each refused PIN presented once").isEqualTo(before - 2);
        assertThat(budget.failures).isEqualTo(2);
        writePin(RadiusLab.PIN);
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isTrue();
        assertThat(triesLeft()).isEqualTo(before);
    }

    @Test
    void aFullSharedBudgetHoldsBackThisServersPinUnpresentedUntilItsFileChanges() throws Exception {
        writePin("0000");
        int before = triesLeft();
        budget.full = true;
        budget.blockedMillis = 3_600_000;
        assertThatThrownBy(this::conversation).isInstanceOf(CardSource.Failed.class)
                .hasMessageContaining("this server's PIN may be the same: not presented");
        assertThat(stats.pinBudgetFull).hasValue(1);
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isFalse();
        budget.full = false; // the window passed: still held back, the PIN may be the one another server saw refused
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isFalse();
        assertThat(triesLeft()).as("nothing presented").isEqualTo(before);

        budget.full = true;
        writePin(RadiusLab.PIN); // the operator fixes it while the budget is still full: the new PIN waits for room
        now.addAndGet(CHECK_NANOS);
        assertThatThrownBy(this::conversation).isInstanceOf(CardSource.Failed.class).hasMessageContaining("waits 3600000 ms for room");
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isFalse();
        budget.full = false;
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3_600_000));
        assertThat(conversation()).as("room again: the fixed PIN is presented").isTrue();
        assertThat(budget.failures).isZero();
        assertThat(triesLeft()).isEqualTo(before);
    }

    @Test
    void aPinTheCardAcceptedHereWaitsForRoomWhenAnotherServersRefusalFillsTheBudget() throws Exception {
        writePin(RadiusLab.PIN);
        assertThat(conversation()).isTrue();
        budget.full = true; // another radius_server's PIN was refused
        budget.blockedMillis = 60_000;
        assertThatThrownBy(this::conversation).isInstanceOf(CardSource.Failed.class)
                .hasMessageContaining("accepted by the card here or new since the last refusal here, waits 60000 ms for room");
        budget.full = false;
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).as("not before the wait is over").isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(60_000));
        assertThat(conversation()).isTrue();
        assertThat(budget.failures).isZero();
    }

    @Test
    void aBudgetFullOfTriesInFlightOnlyWaitsACheckInterval() throws Exception {
        writePin(RadiusLab.PIN);
        budget.full = true;
        budget.blockedMillis = 0;
        assertThatThrownBy(this::conversation).isInstanceOf(CardSource.Failed.class).hasMessageContaining("full of tries in flight (pool.pin_max_failures): waits " + PoolPins.CHECK_MILLIS + " ms");
        budget.full = false;
        assertThat(conversation()).isFalse();
        now.addAndGet(CHECK_NANOS);
        assertThat(conversation()).isTrue();
    }

    /** The shared budget, in memory. */
    private static final class TestBudget implements PoolPins.Budget {
        boolean full;
        long blockedMillis;
        int reserved;
        int failures;

        @Override
        public Try reserve(String seid) {
            if (full) {
                return null;
            }
            reserved++;
            return new Try() {
                @Override
                public void failed() {
                    failures++;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long blockedForMillis(String seid) {
            return blockedMillis;
        }
    }
}
