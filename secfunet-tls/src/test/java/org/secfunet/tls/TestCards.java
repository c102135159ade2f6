package org.secfunet.tls;

import java.nio.file.Path;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** An in-process EAP-TLS card personalized with a client certificate of {@code pki}, trusting {@code trusted}. */
final class TestCards {
    static final char[] PIN = "1234".toCharArray();
    static final char[] PUK = "12345678".toCharArray();

    static Path personalized(Path dir, ThrowawayPki pki, ThrowawayPki trusted) throws Exception {
        Path store = dir.resolve("client-card.sfn");
        EapCards.init(store, "s_scard test card", PIN, PUK);
        ThrowawayPki.Credential c = pki.client("card@test.local");
        try (EapSmartcard card = open(store, false)) {
            card.verifyPuk(PUK);
            card.putPrivateKey(c.key().getEncoded());
            card.appendCertificate(c.certificate().getEncoded());
            card.addCa(trusted.ca().certificate().getEncoded());
            card.addIdentity("web", "card@test.local", "peer", true);
        }
        return store;
    }

    static EapSmartcard open(Path store, boolean extended) {
        VirtualCards.OpenCard open = VirtualCards.open(store);
        EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "vcard", open::close), Tracer.OFF, extended);
        card.select();
        return card;
    }

    private TestCards() {
    }
}
