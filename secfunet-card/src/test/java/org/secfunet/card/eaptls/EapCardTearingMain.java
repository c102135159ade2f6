package org.secfunet.card.eaptls;

import java.nio.file.Path;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** Child process of the tearing test: personalization and PIN changes in a loop until killed. */
public final class EapCardTearingMain {
    private EapCardTearingMain() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        byte[] ca = java.nio.file.Files.readAllBytes(Path.of(args[1]));
        try (EapSmartcard card = CardFixture.open(store, Tracer.OFF, true)) {
            card.verifyPuk(CardFixture.PUK);
            System.out.print("writing\n");
            System.out.flush();
            for (int i = 0; i < 1_000_000; i++) {
                switch (i % 5) {
                    case 0 -> card.addCa(ca);
                    case 1 -> card.addIdentity("extra" + (i % 3), "extra@test.local", "peer", false);
                    case 2 -> card.unblockPin(CardFixture.PUK, (i % 2 == 0 ? "1234" : "5678").toCharArray());
                    case 3 -> card.deleteIdentity("extra" + ((i - 2) % 3));
                    default -> card.clearCas();
                }
            }
        }
    }
}
