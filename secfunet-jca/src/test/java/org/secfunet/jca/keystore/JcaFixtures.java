package org.secfunet.jca.keystore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.TestCards;

/** Software cards, PKIs and providers for the mode 1 tests (real in-process cards, PIN "1234"). */
public final class JcaFixtures {
    public static final char[] PIN = TestCards.PIN;
    private static final Map<ThrowawayPki.KeyType, ThrowawayPki> PKIS = new ConcurrentHashMap<>();

    private JcaFixtures() {
    }

    /** One CA per key type for the whole test run (an RSA CA takes a moment to make). */
    public static ThrowawayPki pki(ThrowawayPki.KeyType type) {
        return PKIS.computeIfAbsent(type, t -> ThrowawayPki.create("jca test CA " + t, t, Duration.ofDays(2)));
    }

    /** A card in {@code dir/<name>.sfn} with a client certificate of {@code pki} for {@code name}, identity "web". */
    public static Path card(Path dir, ThrowawayPki pki, String name) throws Exception {
        return TestCards.personalized(dir, pki, pki, name);
    }

    /** A clone of {@code store} (same key, certificate and serial) as {@code dir/<name>.sfn}, copied with its key and write counter. */
    public static Path cloneCard(Path store, Path dir, String name) throws Exception {
        Path copy = dir.resolve(name + ".sfn");
        Files.copy(store, copy, StandardCopyOption.REPLACE_EXISTING);
        for (String sidecar : new String[] {".key", ".gen"}) {
            Path f = store.resolveSibling(store.getFileName() + sidecar);
            if (Files.exists(f)) {
                Files.copy(f, copy.resolveSibling(copy.getFileName() + sidecar), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    /** The card's own certificate (read directly from its store). */
    public static X509Certificate leaf(Path store) throws Exception {
        try (EapSmartcard card = TestCards.open(store, false)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(card.certificates(false).get(0)));
        }
    }

    /** {@link #leaf(Path)} once {@code p} closed its sessions (a store is opened once per process). */
    public static X509Certificate leafAfterClosing(SecFuNetProvider p, Path store) throws Exception {
        p.bank().close();
        return leaf(store);
    }

    /**
     * Asserts that {@code text} (a message naming readers, so paths under {@code dir}) does not hold
     * {@code secret}; the paths are taken out first, since a temporary directory's digits may hold it.
     */
    public static void assertNoSecret(String text, Path dir, String secret) {
        org.assertj.core.api.Assertions.assertThat(text.replace(dir.toString(), "DIR")).doesNotContain(secret);
    }

    public static SecFuNetProvider provider(String config) {
        return (SecFuNetProvider) new SecFuNetProvider().configure(config);
    }

    public static SecFuNetProvider provider(Path store) {
        return provider("vcard:" + store);
    }

    /** The SecFuNet key store of {@code p}, loaded with {@code pin} (null: no PIN). */
    public static KeyStore keyStore(SecFuNetProvider p, char[] pin) throws Exception {
        KeyStore ks = KeyStore.getInstance("SecFuNet", p);
        ks.load(null, pin);
        return ks;
    }

    /** Adds {@code p} at the end of the provider list (JCA's delayed selection then finds it for card keys only). */
    public static void install(SecFuNetProvider p) {
        Security.removeProvider(SecFuNetProvider.NAME);
        Security.addProvider(p);
    }

    public static void uninstall() {
        Security.removeProvider(SecFuNetProvider.NAME);
    }
}
