package org.secfunet.tls;

import org.secfunet.card.runtime.OpenCard;
import java.nio.file.Path;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** An in-process EAP-TLS card personalized with a client certificate of {@code pki}, trusting {@code trusted}. */
public final class TestCards {
    public static final char[] PIN = "1234".toCharArray();
    public static final char[] PUK = "12345678".toCharArray();

    public static Path personalized(Path dir, ThrowawayPki pki, ThrowawayPki trusted) throws Exception {
        return personalized(dir, pki, trusted, "card@test.local");
    }

    /** A card in {@code dir/<name>.sfn} whose client certificate names {@code name}. */
    public static Path personalized(Path dir, ThrowawayPki pki, ThrowawayPki trusted, String name) throws Exception {
        Path store = dir.resolve(name.equals("card@test.local") ? "client-card.sfn" : name + ".sfn");
        EapCards.init(store, "s_scard test card", PIN, PUK);
        ThrowawayPki.Credential c = pki.client(name);
        try (EapSmartcard card = open(store, false)) {
            card.verifyPuk(PUK);
            card.putPrivateKey(c.key().getEncoded());
            card.appendCertificate(c.certificate().getEncoded());
            card.addCa(trusted.ca().certificate().getEncoded());
            card.addIdentity("web", name, "peer", true);
        }
        return store;
    }

    /** The card in process with the driver's default, {@link ApduMode#AUTO}. */
    public static EapSmartcard open(Path store) {
        OpenCard open = VirtualCards.open(store);
        EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "vcard", open::close), Tracer.OFF);
        card.select();
        return card;
    }

    public static EapSmartcard open(Path store, boolean extended) {
        OpenCard open = VirtualCards.open(store);
        EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "vcard", open::close), Tracer.OFF, extended ? ApduMode.EXTENDED : ApduMode.SHORT);
        card.select();
        return card;
    }

    private TestCards() {
    }
}
