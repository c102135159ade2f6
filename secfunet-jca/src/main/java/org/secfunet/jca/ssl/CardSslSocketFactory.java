package org.secfunet.jca.ssl;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets whose handshake runs in a card of the context ({@link CardSslSocket}): on a new
 * connection, or layered over a connected socket. Unconnected sockets are not made (the
 * {@code SocketFactory} default: {@code HttpsURLConnection} then layers over its own socket).
 */
final class CardSslSocketFactory extends SSLSocketFactory {
    private final ContextConfig cfg;

    CardSslSocketFactory(ContextConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return CardOptions.suites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return CardOptions.suites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        if (!s.isConnected()) {
            throw new java.net.SocketException("the socket to layer TLS over is not connected");
        }
        return new CardSslSocket(cfg, s, host, autoClose);
    }

    /** Server side (a socket whose first bytes were consumed): not made, the context is client-only. */
    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        throw new UnsupportedOperationException("the SecFuNet SSLContext makes TLS clients only");
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), host, null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), host, new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), null, new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress to, String host, InetSocketAddress local) throws IOException {
        Socket s = new Socket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(to);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new CardSslSocket(cfg, s, host != null ? host : to.getHostString(), true);
    }
}
