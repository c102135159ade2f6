package org.secfunet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.secfunet.grid.vm.VmClient;

/** Copies stdin to a tunnel session and the session to stdout until the server ends it. */
final class RawPump {
    private RawPump() {
    }

    static long[] run(VmClient.Session s, InputStream local, OutputStream localOut) throws IOException {
        AtomicLong down = new AtomicLong();
        Thread t = Thread.ofPlatform().daemon().name("secfunet-s_vm-down").start(() -> {
            byte[] buf = new byte[16384];
            try {
                for (int n; (n = s.in().read(buf)) >= 0; ) {
                    localOut.write(buf, 0, n);
                    localOut.flush();
                    down.addAndGet(n);
                }
            } catch (IOException ignored) {
                // the session ended
            }
        });
        long up = 0;
        byte[] buf = new byte[16384];
        for (int n; t.isAlive() && (n = local.read(buf)) >= 0; ) {
            s.out().write(buf, 0, n);
            s.out().flush();
            up += n;
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] {up, down.get()};
    }
}
