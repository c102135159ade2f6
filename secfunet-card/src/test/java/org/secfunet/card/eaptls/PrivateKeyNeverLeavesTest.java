package org.secfunet.card.eaptls;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ForwardingSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** Every response APDU of a full card life (personalization, EAP-TLS, keys, mode 1) is scanned for the private key. */
class PrivateKeyNeverLeavesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThrowawayPki.KeyType.class, names = {"EC_P256", "RSA_2048"})
    void noResponseCarriesPrivateKeyBytes(ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = CardFixture.pki(type);
        ThrowawayPki.Credential cred = pki.client("card@test.local");
        Path store = dir.resolve("scan.sfn");
        EapCards.init(store, "scan", CardFixture.PIN, CardFixture.PUK);
        ByteArrayOutputStream responses = new ByteArrayOutputStream();
        OpenCard open = VirtualCards.open(store);
        CardSession recording = new ForwardingSession(new InProcessSession(open.card(), "scan", open::close)) {
            @Override
            public Transport transport() {
                return cmd -> {
                    byte[] r = inner.transport().transmit(cmd);
                    responses.writeBytes(r);
                    return r;
                };
            }
        };
        try (EapSmartcard card = new EapSmartcard(recording, Tracer.OFF, ApduMode.SHORT)) {
            card.select();
            CardFixture.personalize(card, pki, cred, "peer");
            card.verifyPin(CardFixture.PIN);
            card.identities();
            card.setIdentity("card");
            HostRelay.Outcome o = HostRelay.cardAsPeer(card, HostRelay.serverSettings(pki, Set.of("1.2", "1.3")), Instant.now());
            assertThat(o.hostSuccess()).isTrue();
            card.sessionKey();
            for (int i = 1; i <= 5; i++) {
                card.exportedParameter(i);
            }
            card.exportRecordKeys();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("to be signed".getBytes());
            if (type == ThrowawayPki.KeyType.EC_P256) {
                byte[] sig = card.sign(EapSmartcard.SignAlgorithm.ECDSA, digest);
                assertThat(verify("SHA256withECDSA", cred, sig)).isTrue();
            } else {
                assertThat(verify("SHA256withRSA", cred, card.sign(EapSmartcard.SignAlgorithm.RSA_PKCS1, digest))).isTrue();
                java.security.Signature pss = java.security.Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
                pss.initVerify(cred.certificate().getPublicKey());
                pss.update("to be signed".getBytes());
                assertThat(pss.verify(card.sign(EapSmartcard.SignAlgorithm.RSA_PSS, digest))).isTrue();
                javax.crypto.Cipher enc = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding");
                enc.init(javax.crypto.Cipher.ENCRYPT_MODE, cred.certificate().getPublicKey());
                assertThat(card.decrypt(enc.doFinal("premaster".getBytes()))).asString().isEqualTo("premaster");
            }
        }
        byte[] all = responses.toByteArray();
        assertThat(all.length).isGreaterThan(1000);
        for (byte[] secret : secrets(cred)) {
            assertThat(indexOf(all, secret)).as("private key material found in a response").isEqualTo(-1);
        }
    }

    private static boolean verify(String alg, ThrowawayPki.Credential cred, byte[] sig) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance(alg);
        s.initVerify(cred.certificate().getPublicKey());
        s.update("to be signed".getBytes());
        return s.verify(sig);
    }

    private static List<byte[]> secrets(ThrowawayPki.Credential c) {
        List<byte[]> out = new ArrayList<>();
        out.add(c.key().getEncoded());
        if (c.key() instanceof ECPrivateKey ec) {
            out.add(unsigned(ec.getS()));
        } else if (c.key() instanceof RSAPrivateCrtKey rsa) {
            for (BigInteger v : new BigInteger[] {rsa.getPrivateExponent(), rsa.getPrimeP(), rsa.getPrimeQ(), rsa.getPrimeExponentP(), rsa.getCrtCoefficient()}) {
                out.add(java.util.Arrays.copyOf(unsigned(v), 24)); // any 24-byte run of it is enough to tell
            }
        }
        return out;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
