package org.secfunet.jca.ssl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.tls.TestCards;

/** Test PKIs, software cards and SecFuNet SSL contexts over them. */
final class Fixtures {
    private static final Map<ThrowawayPki.KeyType, ThrowawayPki> PKIS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    static ThrowawayPki pki(ThrowawayPki.KeyType t) {
        return PKIS.computeIfAbsent(t, k -> ThrowawayPki.create("jca ssl test CA " + k, k, Duration.ofDays(2)));
    }

    /** A personalized card "vcard:FILE" whose certificate names {@code name}, trusting its own CA. */
    static String card(Path dir, ThrowawayPki pki, String name) throws Exception {
        return "vcard:" + TestCards.personalized(dir, pki, pki, name);
    }

    static SecFuNetProvider provider(String config) {
        return (SecFuNetProvider) new SecFuNetProvider().configure(config);
    }

    /** {@code SSLContext.getInstance("SecFuNet", provider)}, initialized with no key managers (the pin= setting gives the PIN). */
    static SSLContext context(SecFuNetProvider p) throws Exception {
        SSLContext c = SSLContext.getInstance("SecFuNet", p);
        c.init(null, null, null);
        return c;
    }
}
