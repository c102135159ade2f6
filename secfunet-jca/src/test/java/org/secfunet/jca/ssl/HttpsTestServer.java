package org.secfunet.jca.ssl;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** An HTTPS server on loopback that needs a client certificate of {@code pki}, recording the SNI it gets. */
final class HttpsTestServer implements AutoCloseable {
    final HttpsServer https;
    final Queue<String> sni = new ConcurrentLinkedQueue<>();

    HttpsTestServer(ThrowawayPki pki, String protocol) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                if (protocol != null) {
                    p.setProtocols(new String[] {protocol});
                }
                p.setSNIMatchers(List.of(new SNIMatcher(0) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sni.add(new SNIHostName(name.getEncoded()).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        https.createContext("/", ex -> {
            HttpsExchange e = (HttpsExchange) ex;
            byte[] body = (e.getSSLSession().getPeerPrincipal().getName() + " " + e.getSSLSession().getProtocol())
                    .getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        https.setExecutor(Executors.newCachedThreadPool());
        https.start();
    }

    URI uri() {
        return URI.create("https://localhost:" + https.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        https.stop(0);
    }
}
