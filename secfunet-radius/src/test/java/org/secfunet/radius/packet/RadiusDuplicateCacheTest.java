package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.secfunet.radius.packet.DuplicateCache.Status;

class RadiusDuplicateCacheTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final DuplicateCache cache = new DuplicateCache(Duration.ofSeconds(10), 3, clock::get);

    static RequestKey key(int id) {
        byte[] auth = new byte[16];
        auth[0] = (byte) id;
        return new RequestKey("127.0.0.1", 40000, id, auth);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void aRetransmissionIsDroppedWhileInProgressThenAnsweredFromTheCache() {
        assertThat(cache.begin(key(1)).status()).isEqualTo(Status.NEW);
        assertThat(cache.inProgress(key(1))).isTrue();
        assertThat(cache.begin(key(1)).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(cache.lookup(key(1))).isNull();

        cache.remember(key(1), new byte[] {2, 1, 0, 20});
        DuplicateCache.Check again = cache.begin(key(1));
        assertThat(again.status()).isEqualTo(Status.ANSWERED);
        assertThat(again.reply()).containsExactly(2, 1, 0, 20);
        assertThat(cache.lookup(key(1))).containsExactly(2, 1, 0, 20);
        assertThat(cache.inProgress(key(1))).isFalse();
    }

    @Test
    void entriesExpireAfterTheTtl() {
        cache.begin(key(1));
        advance(Duration.ofSeconds(3));
        cache.remember(key(1), new byte[] {1});      // the TTL restarts with the reply
        advance(Duration.ofMillis(9_999));
        assertThat(cache.lookup(key(1))).containsExactly(1);
        advance(Duration.ofMillis(1));
        assertThat(cache.lookup(key(1))).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.begin(key(1)).status()).isEqualTo(Status.NEW);
    }

    @Test
    void anInProgressMarkExpiresToo() {
        cache.begin(key(1));
        advance(Duration.ofSeconds(10));
        assertThat(cache.inProgress(key(1))).isFalse();
        assertThat(cache.begin(key(1)).status()).isEqualTo(Status.NEW);
    }

    @Test
    void forgetLetsTheNextCopyBeProcessed() {
        cache.begin(key(1));
        cache.forget(key(1));
        assertThat(cache.begin(key(1)).status()).isEqualTo(Status.NEW);
    }

    @Test
    void theOldestEntryIsEvictedBeyondTheBound() {
        for (int id = 1; id <= 3; id++) {
            cache.begin(key(id));
            advance(Duration.ofMillis(1));
        }
        cache.remember(key(1), new byte[] {1});     // key 1 becomes the newest
        cache.begin(key(4));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.inProgress(key(2))).isFalse();  // evicted
        assertThat(cache.inProgress(key(3))).isTrue();
        assertThat(cache.lookup(key(1))).containsExactly(1);
        assertThat(cache.inProgress(key(4))).isTrue();
    }

    @Test
    void everyPartOfTheKeyCounts() {
        byte[] auth = new byte[16];
        RequestKey k = new RequestKey("10.0.0.1", 1812, 7, auth);
        cache.remember(k, new byte[] {1});
        byte[] otherAuth = auth.clone();
        otherAuth[15] = 1;
        assertThat(cache.lookup(new RequestKey("10.0.0.1", 1812, 7, auth.clone()))).containsExactly(1);
        assertThat(cache.lookup(new RequestKey("10.0.0.2", 1812, 7, auth))).isNull();
        assertThat(cache.lookup(new RequestKey("10.0.0.1", 1813, 7, auth))).isNull();
        assertThat(cache.lookup(new RequestKey("10.0.0.1", 1812, 8, auth))).isNull();
        assertThat(cache.lookup(new RequestKey("10.0.0.1", 1812, 7, otherAuth))).isNull();
    }

    @Test
    void repliesAndKeysAreCopies() {
        byte[] reply = {1, 2};
        byte[] auth = new byte[16];
        RequestKey k = new RequestKey("::1", 5, 0, auth);
        auth[0] = 9;
        cache.remember(k, reply);
        reply[0] = 7;
        cache.lookup(k)[1] = 7;
        assertThat(cache.lookup(new RequestKey("::1", 5, 0, new byte[16]))).containsExactly(1, 2);
    }

    @Test
    void requestKeyFromAPacket() {
        RadiusPacket request = RadiusSigner.accessRequest(42, List.of(), "s".getBytes(), new FixedRandom(3));
        RequestKey k = RequestKey.of("192.0.2.1", 1234, request);
        assertThat(k.identifier()).isEqualTo(42);
        assertThat(k.authenticator()).isEqualTo(request.authenticator());
        assertThat(k).isEqualTo(new RequestKey("192.0.2.1", 1234, 42, request.authenticator()))
                .hasSameHashCodeAs(new RequestKey("192.0.2.1", 1234, 42, request.authenticator()));
        assertThat(k.toString()).startsWith("192.0.2.1:1234 id=42 auth=030405");
        assertThatThrownBy(() -> new RequestKey("a", 1, 1, new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestKey("a", 70000, 1, new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DuplicateCache(Duration.ZERO, 1, clock::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DuplicateCache(Duration.ofSeconds(1), 0, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void racingCopiesGetExactlyOneNew() throws Exception {
        DuplicateCache shared = new DuplicateCache();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Status>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return shared.begin(key(5)).status();
                }));
            }
            start.countDown();
            List<Status> statuses = new ArrayList<>();
            for (Future<Status> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == Status.NEW).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == Status.IN_PROGRESS).hasSize(31);
        } finally {
            pool.shutdownNow();
        }
    }
}
