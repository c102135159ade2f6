package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;
import org.secfunet.tls.TestCards;

/** The kept card sessions on their own, over real software cards and a fake clock. */
class KeptCardsTest {
    @TempDir
    Path dir;
    Path store;
    final AtomicLong now = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        store = TestCards.personalized(dir, web, web, "card");
    }

    private EapSmartcard verified() {
        EapSmartcard card = TestCards.open(store);
        card.verifyPin(TestCards.PIN.clone());
        return card;
    }

    @Test
    void aVerifiedSessionIsGivenBackOnceWithItsIdentity() {
        KeptCards kept = new KeptCards(5_000, now::get);
        EapSmartcard card = verified();
        kept.keep("c1", card, "web");
        KeptCards.Kept k = kept.reuse("c1");
        assertThat(k).isNotNull();
        assertThat(k.card()).isSameAs(card);
        assertThat(k.identity()).isEqualTo("web");
        assertThat(kept.reuse("c1")).as("taken: the request owns it now").isNull();
        card.state(); // still open and verified
        card.closeAndReset();
    }

    @Test
    void aSessionThatLostItsVerificationIsClosedNotReused() {
        KeptCards kept = new KeptCards(5_000, now::get);
        EapSmartcard card = TestCards.open(store); // selected, PIN never verified
        kept.keep("c1", card, "web");
        assertThat(kept.reuse("c1")).isNull();
        assertThat(kept.size()).isZero();
        assertThatThrownBy(card::state).as("closed by reuse").isInstanceOf(RuntimeException.class);
    }

    @Test
    void aDiscardedSessionIsClosed() {
        KeptCards kept = new KeptCards(5_000, now::get);
        EapSmartcard card = verified();
        kept.keep("c1", card, "web");
        kept.discard("c1");
        assertThat(kept.reuse("c1")).isNull();
        assertThatThrownBy(card::state).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aKeepTimeOfZeroKeepsNothing() {
        KeptCards kept = new KeptCards(0, now::get);
        EapSmartcard card = verified();
        assertThat(kept.keeping()).isFalse();
        kept.keep("c1", card, "web");
        assertThat(kept.size()).isZero();
        assertThatThrownBy(card::state).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theSweepClosesIdleSessionsOfFreeCardsOnly() throws Exception {
        KeptCards kept = new KeptCards(1_000, now::get);
        CardPool pool = new CardPool(List.of("c1", "c2"), 4, now::get);
        EapSmartcard one = verified();
        kept.keep("c1", one, "web");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(kept.sweep(pool)).as("not idle long enough").isZero();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        try (CardPool.Lease busy = pool.lease(List.of("c1"), 0)) {
            assertThat(busy.cardId()).isEqualTo("c1");
            assertThat(kept.sweep(pool)).as("its card is leased: a request may be about to use it").isZero();
            assertThat(kept.size()).isOne();
        }
        assertThat(kept.sweep(pool)).isOne();
        assertThat(kept.size()).isZero();
        assertThatThrownBy(one::state).isInstanceOf(RuntimeException.class);
        assertThat(pool.state("c1")).as("the sweep gave its lease back").isEqualTo(CardPool.State.FREE);
    }

    @Test
    void afterCloseNothingIsKept() {
        KeptCards kept = new KeptCards(5_000, now::get);
        EapSmartcard one = verified();
        kept.keep("c1", one, "web");
        kept.close();
        assertThatThrownBy(one::state).isInstanceOf(RuntimeException.class);
        EapSmartcard two = verified();
        kept.keep("c1", two, "web");
        assertThat(kept.size()).isZero();
        assertThatThrownBy(two::state).isInstanceOf(RuntimeException.class);
    }
}
