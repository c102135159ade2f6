package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.store.PinHash;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
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
            personalize(card, pki, cred, role);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    /** What `secfunet card` writes: with the PUK, the key and its certificate, the CA, and identity "card" as preferred. */
    static void personalize(EapSmartcard card, ThrowawayPki pki, ThrowawayPki.Credential cred, String role)
            throws GeneralSecurityException {
        card.verifyPuk(PUK);
        card.putPrivateKey(cred.key().getEncoded());
        card.appendCertificate(cred.certificate().getEncoded());
        card.addCa(pki.ca().certificate().getEncoded());
        card.addIdentity("card", "card@test.local", role, true);
    }

    /**
     * What a tearing test asks of the store a kill left: it opens and holds a whole state (a user PIN that is
     * 1234 or 5678, the key, one certificate); {@code more} checks the rest and gives back the tries a kill took
     * before the image is written again.
     */
    static void assertWhole(Path store, String description, int round, Consumer<EapCardImage> more) {
        try (EapCardStore s = EapCardStore.open(store)) {
            EapCardImage img = s.image();
            boolean a = PinHash.matches("1234".toCharArray(), Hex.decode(img.userPin.salt), Hex.decode(img.userPin.hash));
            boolean b = PinHash.matches("5678".toCharArray(), Hex.decode(img.userPin.salt), Hex.decode(img.userPin.hash));
            assertThat(a || b).as(description, round).isTrue();
            assertThat(img.privateKey).isNotNull();
            assertThat(img.chain).hasSize(1);
            more.accept(img);
            s.update(img);
        }
    }

    static EapSmartcard open(Path store, Tracer tracer, boolean extended) {
        OpenCard open = VirtualCards.open(store);
        CardSession s = new InProcessSession(open.card(), "vcard:" + store.getFileName(), open::close);
        EapSmartcard card = new EapSmartcard(s, tracer, extended ? ApduMode.EXTENDED : ApduMode.SHORT);
        card.select();
        return card;
    }

    private CardFixture() {
    }
}
