package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/** A hex-level trace of a whole card life shows neither the imported private key nor the keys the card hands out. */
class TraceHidesSecretsTest {
    @TempDir
    Path dir;

    @Test
    void noKeyMaterialInTheTrace() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        ThrowawayPki.Credential cred = pki.client("card@test.local");
        Path store = dir.resolve("t.sfn");
        EapCards.init(store, "trace", CardFixture.PIN, CardFixture.PUK);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        byte[] msk;
        ExportedKeys keys;
        try (EapSmartcard card = CardFixture.open(store, Tracer.to(log, TraceLevel.HEX, Clock.systemUTC()), false)) {
            CardFixture.personalize(card, pki, cred, "peer");
            card.verifyPin(CardFixture.PIN);
            card.setIdentity("card");
            assertThat(HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of("1.3")), Instant.now()).hostSuccess()).isTrue();
            msk = card.sessionKey();
            keys = card.exportRecordKeys();
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("(private key data redacted)").contains("(secret data redacted)");
        byte[] s = ((ECPrivateKey) cred.key()).getS().toByteArray();
        for (byte[] secret : new byte[][] {Arrays.copyOfRange(s, s.length - 32, s.length), msk, keys.clientTrafficSecret(), keys.serverTrafficSecret()}) {
            for (int i = 0; i + 4 <= secret.length; i += 3) {
                assertThat(text).doesNotContain(Hex.spaced(Arrays.copyOfRange(secret, i, i + 4)));
            }
        }
    }
}
