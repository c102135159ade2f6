package org.secfunet.card.eaptls;

import org.secfunet.card.runtime.OpenCard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** A personalized software EAP-TLS card, in process. */
final class CardFixture {
    static final char[] PIN = "1234".toCharArray();
    static final char[] PUK = "12345678".toCharArray();
    private static final Map<ThrowawayPki.KeyType, ThrowawayPki> PKIS = new ConcurrentHashMap<>();

    static ThrowawayPki pki(ThrowawayPki.KeyType t) {
        return PKIS.computeIfAbsent(t, k -> ThrowawayPki.create("secfunet card test CA " + k, k, Duration.ofDays(2)));
    }

    /** Creates the store and personalizes it over APDUs, as `secfunet card` does. */
    static Path personalized(Path dir, ThrowawayPki pki, String role) {
        Path store = dir.resolve("eapcard-" + role + ".sfn");
        EapCards.init(store, "test EAP-TLS card", PIN, PUK);
        ThrowawayPki.Credential cred = role.equals("server") ? pki.server("card-server.test.local") : pki.client("card@test.local");
        try (EapSmartcard card = open(store, Tracer.OFF, false)) {
            card.verifyPuk(PUK);
            card.putPrivateKey(cred.key().getEncoded());
            card.appendCertificate(cred.certificate().getEncoded());
            card.addCa(pki.ca().certificate().getEncoded());
            card.addIdentity("card", "card@test.local", role, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    static EapSmartcard open(Path store, Tracer tracer, boolean extended) {
        OpenCard open = VirtualCards.open(store);
        CardSession s = new InProcessSession(open.card(), "vcard:" + store.getFileName(), open::close);
        EapSmartcard card = new EapSmartcard(s, tracer, extended);
        card.select();
        return card;
    }

    private CardFixture() {
    }
}
