package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CardPoolTest {
    private final CardPool pool = new CardPool(List.of("c1", "c2"), 1, System::nanoTime);

    @Test
    void leasesFreeCardsThenSaysBusyWithoutWaitingWhenAskedNotTo() throws Exception {
        CardPool.Lease a = pool.lease(List.of("c1", "c2"), 0);
        CardPool.Lease b = pool.lease(List.of("c1", "c2"), 0);
        assertThat(List.of(a.cardId(), b.cardId())).containsExactlyInAnyOrder("c1", "c2");
        assertThatThrownBy(() -> pool.lease(List.of("c1", "c2"), 0)).isInstanceOf(CardPool.Busy.class);
        a.close();
        assertThat(pool.lease(List.of("c1", "c2"), 0).cardId()).isEqualTo(a.cardId());
    }

    @Test
    void aWaiterGetsTheCardWhenItIsReleasedAndTheQueueIsBounded() throws Exception {
        CardPool.Lease held = pool.lease(List.of("c1"), 0);
        CompletableFuture<CardPool.Lease> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.lease(List.of("c1"), 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 200 && pool.waiting() == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.waiting()).isEqualTo(1);
        // the queue holds one waiter: a second one is told "busy" at once instead of queueing
        assertThatThrownBy(() -> pool.lease(List.of("c1"), 10_000)).isInstanceOf(CardPool.Busy.class).hasMessageContaining("already wait");
        held.close();
        CardPool.Lease got = waiter.get(10, TimeUnit.SECONDS);
        assertThat(got.cardId()).isEqualTo("c1");
        assertThat(got.queuedNanos()).isPositive();
    }

    @Test
    void theWaitIsBounded() throws Exception {
        CardPool.Lease held = pool.lease(List.of("c2"), 0);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pool.lease(List.of("c2"), 100)).isInstanceOf(CardPool.Busy.class).hasMessageContaining("within 100 ms");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        held.close();
    }

    @Test
    void aFailedCardLeavesThePoolAndRejoinsWhenTheProbeFindsIt() throws Exception {
        pool.lease(List.of("c1"), 0).fail("card removed");
        assertThat(pool.state("c1")).isEqualTo(CardPool.State.OUT);
        assertThatThrownBy(() -> pool.lease(List.of("c1"), 1000)).isInstanceOf(CardPool.Unavailable.class).hasMessageContaining("card removed");
        // a VM with another card in service is served by it
        assertThat(pool.lease(List.of("c1", "c2"), 0).cardId()).isEqualTo("c2");
        assertThat(pool.probeOut(id -> false)).isZero();
        assertThat(pool.state("c1")).isEqualTo(CardPool.State.OUT);
        assertThat(pool.probeOut(id -> id.equals("c1"))).isEqualTo(1);
        assertThat(pool.lease(List.of("c1"), 0).cardId()).isEqualTo("c1");
    }

    @Test
    void aLeaseEndsOnce() throws Exception {
        CardPool.Lease l = pool.lease(List.of("c1"), 0);
        l.fail("gone");
        l.close();
        assertThat(pool.state("c1")).isEqualTo(CardPool.State.OUT);
    }
}
