package org.secfunet.eap.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.TlsSessionInfo;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * Known answer computed independently: a JSSE client (the JDK's own TLS stack and RFC 5705/8446
 * exporter, JDK 25+) handshakes with our Bouncy Castle server engine; the EAP-TLS key material
 * our side derives must equal what the JDK exports with the RFC 5216 / RFC 9190 labels.
 */
class JdkExporterKnownAnswerTest {

    @ParameterizedTest(name = "TLS {0} {1}")
    @CsvSource({"1.2, EC_P256", "1.3, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void ourMskEqualsTheJdkExporter(String version, ThrowawayPki.KeyType type) throws Exception {
        Method export;
        try {
            export = Class.forName("javax.net.ssl.ExtendedSSLSession").getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "this JDK has no TLS exporter (JDK 25+)");
            return;
        }
        ThrowawayPki pki = Fixtures.pki(type);
        TlsSettings serverSettings = Fixtures.server(pki, Set.of(version));
        ThrowawayPki.Credential client = pki.client("jsse@test.local");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", client.key(), new char[0], new java.security.cert.Certificate[] {client.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLEngine jsse = ctx.createSSLEngine("radius.test.local", 1812);
        jsse.setUseClientMode(true);
        jsse.setEnabledProtocols(new String[] {"TLSv" + version});

        BcTlsEngine ours = BcTlsEngine.server(serverSettings);
        pump(jsse, ours);

        TlsSessionInfo info = ours.session();
        SSLSession session = jsse.getSession();
        assertThat(session.getProtocol()).isEqualTo("TLSv" + version);
        byte[] jdk = version.equals("1.3")
                ? (byte[]) export.invoke(session, "EXPORTER_EAP_TLS_Key_Material", new byte[] {0x0D}, 128)
                : (byte[]) export.invoke(session, "client EAP encryption", null, 128);
        assertThat(info.eapKeyMaterial()).isEqualTo(jdk);
        if (version.equals("1.3")) {
            byte[] methodId = (byte[]) export.invoke(session, "EXPORTER_EAP_TLS_Method-Id", new byte[] {0x0D}, 64);
            assertThat(info.methodId()).isEqualTo(methodId);
        }
    }

    /** Byte pump between the JSSE engine and ours until both finish the handshake. */
    private static void pump(SSLEngine jsse, BcTlsEngine ours) throws Exception {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer net = ByteBuffer.allocate(64 * 1024);
        ByteBuffer app = ByteBuffer.allocate(64 * 1024);
        jsse.beginHandshake();
        for (int i = 0; i < 200 && !(ours.isHandshakeComplete()
                && jsse.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING); i++) {
            SSLEngineResult.HandshakeStatus hs = jsse.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = jsse.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                wrapForUs(jsse, ours, empty, net);
            } else {
                byte[] fromUs = ours.takeOutput();
                ByteBuffer in = ByteBuffer.wrap(fromUs);
                do {
                    app.clear();
                    jsse.unwrap(in, app);
                    while (jsse.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        jsse.getDelegatedTask().run();
                    }
                } while (in.hasRemaining() && jsse.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP);
                if (in.hasRemaining()) {
                    // JSSE wants to wrap first (TLS 1.3 compatibility CCS): feed the rest afterwards
                    wrapForUs(jsse, ours, empty, net);
                    while (in.hasRemaining()) {
                        app.clear();
                        jsse.unwrap(in, app);
                        while (jsse.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                            jsse.getDelegatedTask().run();
                        }
                    }
                }
            }
        }
        assertThat(ours.isHandshakeComplete()).as("our server finished the handshake").isTrue();
    }

    /** What JSSE sends next, handed to our engine. */
    private static void wrapForUs(SSLEngine jsse, BcTlsEngine ours, ByteBuffer empty, ByteBuffer net) throws Exception {
        net.clear();
        jsse.wrap(empty, net);
        net.flip();
        byte[] b = new byte[net.remaining()];
        net.get(b);
        ours.offerInput(b);
    }
}
