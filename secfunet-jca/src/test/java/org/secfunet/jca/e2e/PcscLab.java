package org.secfunet.jca.e2e;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.secfunet.card.VcardServer;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/** The pcscd + vpcd environment bin/test starts: software cards served into its reader slots. */
final class PcscLab {
    private PcscLab() {
    }

    /** True when bin/test's pcscd is there; fails when it must be (SECFUNET_PCSC_REQUIRED=1) and is not. */
    static boolean available() {
        if (System.getenv("SECFUNET_VPCD_BASE") != null) {
            return true;
        }
        if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
            fail("SECFUNET_PCSC_REQUIRED=1 but no pcscd+vpcd environment");
        }
        return false;
    }

    static void require() {
        assumeTrue(available(), "no pcscd+vpcd environment (run bin/test)");
    }

    static String reader(int slot) {
        return "VPCD" + (slot / 2) + " 00 0" + (slot % 2);
    }

    /** Serves {@code stores} into slots 0, 1… once they are empty, and waits until pcscd shows each card. */
    static VcardServer serve(Path... stores) throws InterruptedException {
        int base = Integer.parseInt(System.getenv("SECFUNET_VPCD_BASE"));
        for (int i = 0; i < stores.length; i++) {
            // pcscd misses a removal followed by an insertion within its poll: let it see the slot empty first
            await(reader(i), false);
        }
        List<VcardServer.Slot> slots = new java.util.ArrayList<>();
        for (int i = 0; i < stores.length; i++) {
            slots.add(new VcardServer.Slot(stores[i], "127.0.0.1", base + i));
        }
        CountDownLatch ready = new CountDownLatch(stores.length);
        VcardServer server = new VcardServer(slots, (s, st) -> {
            if (st == VpcdBridge.State.READY) {
                ready.countDown();
            }
        }).start();
        if (!ready.await(15, TimeUnit.SECONDS)) {
            server.close();
            fail("vpcd did not take the cards within 15 s");
        }
        for (int i = 0; i < stores.length; i++) {
            await(reader(i), true);
        }
        return server;
    }

    /** Waits (at most 15 s) until pcscd shows a card in {@code reader} ({@code present}) or none. */
    static void await(String reader, boolean present) throws InterruptedException {
        if (!PcscReaders.shared().awaitCard(reader, present, Duration.ofSeconds(15))) {
            fail("timed out waiting for " + (present ? "a card in " : "no card in ") + reader);
        }
    }
}
