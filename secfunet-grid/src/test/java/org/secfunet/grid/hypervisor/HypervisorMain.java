package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An s_hypervisor in a JVM of its own, for tests that kill or pause it as a process: starts a
 * {@link Hypervisor} from the TOML file named by its argument (as {@code secfunet s_hypervisor}
 * does), prints {@code READY port} on stdout, and closes it when stdin ends.
 */
public final class HypervisorMain {
    private HypervisorMain() {
    }

    public static void main(String[] args) throws IOException {
        Hypervisor h = new Hypervisor(HypervisorConfig.load(Path.of(args[0]))).start();
        System.out.println("READY " + h.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        h.close();
    }
}
