package org.secfunet.jca.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.keystore.JcaFixtures;

/** Many threads over few cards, and the PIN policies seen from a callback handler. */
class CardSignatureLoadTest {
    @TempDir
    Path dir;

    @Test
    void sixteenThreadsSignTwentyTimesEachOverTwoClonedCards() throws Exception {
        Path a = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        Path b = JcaFixtures.cloneCard(a, dir, "alice-clone");
        SecFuNetProvider p = JcaFixtures.provider("vcard:" + a + ";vcard:" + b);
        KeyStore ks = JcaFixtures.keyStore(p, PIN);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        X509Certificate cert = (X509Certificate) ks.getCertificate("web");

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int valid = 0;
                    for (int i = 0; i < 20; i++) {
                        byte[] m = ("thread " + thread + " signature " + i).getBytes(StandardCharsets.UTF_8);
                        Signature s = Signature.getInstance("SHA256withECDSA", p);
                        s.initSign(key);
                        s.update(m);
                        byte[] sig = s.sign();
                        Signature v = Signature.getInstance("SHA256withECDSA");
                        v.initVerify(cert);
                        v.update(m);
                        valid += v.verify(sig) ? 1 : 0;
                    }
                    return valid;
                }));
            }
            int valid = 0;
            for (Future<Integer> f : done) {
                valid += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(valid).isEqualTo(16 * 20);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest(name = "pin-policy={0}: the handler is asked {1} times for a load and 3 signatures")
    @CsvSource({"per-operation, 4", "cache, 1"})
    void thePinPolicyDecidesHowOftenTheCallbackIsAsked(String policy, int asks) throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider("vcard:" + store + ";pin-policy=" + policy);
        AtomicInteger asked = new AtomicInteger();
        KeyStore.Builder builder = KeyStore.Builder.newInstance("SecFuNet", p, new KeyStore.CallbackHandlerProtection(cbs -> {
            asked.incrementAndGet();
            ((PasswordCallback) cbs[0]).setPassword(PIN);
        }));
        KeyStore ks = builder.getKeyStore();
        PrivateKey key = ((KeyStore.PrivateKeyEntry) ks.getEntry("web", builder.getProtectionParameter("web"))).getPrivateKey();
        for (int i = 0; i < 3; i++) {
            Signature s = Signature.getInstance("SHA256withECDSA", p);
            s.initSign(key);
            s.update(new byte[] {(byte) i});
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(ks.getCertificate("web"));
            v.update(new byte[] {(byte) i});
            assertThat(v.verify(sig)).isTrue();
        }
        assertThat(asked).hasValue(asks);
    }
}
