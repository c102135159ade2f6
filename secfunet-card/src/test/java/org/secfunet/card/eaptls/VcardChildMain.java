package org.secfunet.card.eaptls;

import java.nio.file.Path;
import java.util.List;
import org.secfunet.card.VcardServer;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/** What `secfunet vcard --store FILE --vpcd host:port` runs, as a child process the tearing test kills. */
public final class VcardChildMain {
    private VcardChildMain() {
    }

    public static void main(String[] args) throws Exception {
        VcardServer server = new VcardServer(List.of(new VcardServer.Slot(Path.of(args[0]), "127.0.0.1", Integer.parseInt(args[1]))), (s, st) -> {
            if (st == VpcdBridge.State.READY) {
                System.out.print("ready\n");
                System.out.flush();
            }
        }).start();
        Thread.sleep(120_000);
        server.close();
    }
}
