package org.secfunet.cli;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.secfunet.card.VcardServer;
import org.secfunet.card.store.CardStore;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.ReaderInfo;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/**
 * The real PC/SC stack that bin/test starts: pcscd with vpcd entries VPCD0.. on ports counted up
 * from SECFUNET_VPCD_BASE (slot i: reader "VPCD{i/2} 00 0{i%2}", port base+i). Without it the
 * integration tests are skipped, unless SECFUNET_PCSC_REQUIRED=1 (bin/test sets it) makes that a failure.
 */
final class PcscTestEnv {
    private PcscTestEnv() {
    }

    static void require() {
        String base = System.getenv("SECFUNET_VPCD_BASE");
        if (base == null) {
            if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
                fail("SECFUNET_PCSC_REQUIRED=1 but SECFUNET_VPCD_BASE is not set: start the tests with bin/test");
            }
            assumeTrue(false, "no pcscd+vpcd environment (run bin/test)");
        }
    }

    static int slots() {
        return 2 * Integer.parseInt(System.getenv().getOrDefault("SECFUNET_VPCD_ENTRIES", "2"));
    }

    static int port(int slot) {
        return Integer.parseInt(System.getenv("SECFUNET_VPCD_BASE")) + slot;
    }

    static String reader(int slot) {
        return "VPCD" + (slot / 2) + " 00 0" + (slot % 2);
    }

    static Path newCard(Path dir, String name) {
        Path f = dir.resolve(name + ".toml");
        CardStore.create(f, name, "1234".toCharArray());
        return f;
    }

    /**
     * Serves the cards on slots 0.. and waits until pcscd has seen every one. It first waits until
     * every slot is empty: a card an earlier test left in any slot (still being taken out) would
     * break the checks that the slots not served here are empty.
     */
    static VcardServer serve(Path... stores) throws InterruptedException {
        awaitAllSlotsEmpty();
        List<VcardServer.Slot> slots = new java.util.ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            slots.add(new VcardServer.Slot(stores[i], "127.0.0.1", port(i)));
        }
        CountDownLatch ready = new CountDownLatch(stores.length);
        VcardServer server = new VcardServer(slots, (slot, state) -> {
            if (state == VpcdBridge.State.READY) {
                ready.countDown();
            }
        }).start();
        if (!ready.await(10, TimeUnit.SECONDS)) {
            server.close();
            fail("vpcd did not poll the software cards within 10 s (is pcscd running with the vpcd entries?)");
        }
        for (int i = 0; i < stores.length; i++) {
            int slot = i;
            await("card visible in " + reader(slot), Duration.ofSeconds(10), () -> present(reader(slot)));
        }
        return server;
    }

    /** Waits until pcscd sees no card in any vpcd slot. */
    static void awaitAllSlotsEmpty() throws InterruptedException {
        for (int i = 0; i < slots(); i++) {
            int slot = i;
            // pcscd misses a removal followed by an insertion within its 400 ms poll: let it see the slot empty first
            await("slot " + reader(slot) + " empty", Duration.ofSeconds(10), () -> !present(reader(slot)));
        }
    }

    static boolean present(String reader) {
        return PcscReaders.shared().presence().getOrDefault(reader, false);
    }

    static ReaderInfo info(String reader) {
        return PcscReaders.shared().list().stream().filter(r -> r.name().equals(reader)).findFirst().orElseThrow();
    }

    static void await(String what, Duration max, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                if (cond.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // service restarting: try again
            }
            Thread.sleep(50);
        }
        fail("timed out after " + max.toMillis() + " ms waiting for: " + what + (last == null ? "" : " (last error: " + last + ")"));
    }
}
