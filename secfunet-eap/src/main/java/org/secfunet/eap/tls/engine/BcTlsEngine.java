package org.secfunet.eap.tls.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * {@link TlsEngine} on Bouncy Castle's non-blocking TLS engine (TlsClientProtocol /
 * TlsServerProtocol), TLS 1.2 and 1.3, AEAD suites only, no renegotiation, no resumption. Bouncy
 * Castle checks handshake signatures; the peer's chain is validated here (PKIX against the trust
 * anchors at the settings' validation time).
 */
public final class BcTlsEngine implements TlsEngine {
    private final TlsProtocol protocol;
    private final TlsSettings settings;
    private final BcTlsCrypto crypto;
    private final CryptoMeter meter;
    private final ByteArrayOutputStream appData = new ByteArrayOutputStream();
    private volatile TlsSessionInfo session;
    private RecordKeys recordKeys;
    private long recordsInAfterHandshake;
    private long recordsOutAfterHandshake;
    private List<X509Certificate> peerChain = List.of();

    private BcTlsEngine(TlsProtocol protocol, TlsSettings settings, CryptoMeter meter) {
        this.protocol = protocol;
        this.settings = settings;
        this.meter = meter;
        this.crypto = meter == null ? new BcTlsCrypto(new SecureRandom()) : new MeteredCrypto(new SecureRandom(), meter);
    }

    /** Throws IllegalArgumentException when the settings leave a client no version or cipher suite. */
    public static void checkClientSettings(TlsSettings settings) {
        if (BcTlsSupport.suites(settings, false).length == 0) {
            throw new IllegalArgumentException("no cipher suite left");
        }
    }

    /** A client; the ClientHello is in the output right away. */
    public static BcTlsEngine client(TlsSettings settings) {
        return client(settings, null);
    }

    /** A client whose public-key operations are counted in {@code meter} (null: not counted, Bouncy Castle's crypto as is). */
    public static BcTlsEngine client(TlsSettings settings, CryptoMeter meter) {
        TlsClientProtocol p = new TlsClientProtocol();
        BcTlsEngine engine = new BcTlsEngine(p, settings, meter);
        try {
            p.connect(engine.new Client());
        } catch (IOException e) {
            throw new TlsEngineException("cannot start the TLS client: " + e.getMessage(), e);
        }
        return engine;
    }

    /** A server waiting for the ClientHello. */
    public static BcTlsEngine server(TlsSettings settings) {
        return server(settings, null);
    }

    /** A server whose public-key operations are counted in {@code meter} (null: not counted). */
    public static BcTlsEngine server(TlsSettings settings, CryptoMeter meter) {
        TlsServerProtocol p = new TlsServerProtocol();
        BcTlsEngine engine = new BcTlsEngine(p, settings, meter);
        try {
            p.accept(engine.new Server());
        } catch (IOException e) {
            throw new TlsEngineException("cannot start the TLS server: " + e.getMessage(), e);
        }
        return engine;
    }

    @Override
    public void offerInput(byte[] records) {
        if (session != null) {
            recordsInAfterHandshake += countRecords(records);
        }
        try {
            protocol.offerInput(records);
            int n = protocol.getAvailableInputBytes();
            if (n > 0) {
                byte[] b = new byte[n];
                protocol.readInput(b, 0, n);
                appData.writeBytes(b);
            }
        } catch (IOException e) {
            throw new TlsEngineException("TLS handshake failed: " + describe(e), e);
        }
    }

    @Override
    public byte[] takeOutput() {
        int n = protocol.getAvailableOutputBytes();
        byte[] b = new byte[n];
        if (n > 0) {
            protocol.readOutput(b, 0, n);
        }
        return b;
    }

    @Override
    public boolean isHandshakeComplete() {
        return session != null;
    }

    @Override
    public void writeApplicationData(byte[] data) {
        try {
            protocol.writeApplicationData(data, 0, data.length);
            recordsOutAfterHandshake += (data.length + (1 << 14) - 1) >> 14;
        } catch (IOException e) {
            throw new TlsEngineException("cannot send application data: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] takeApplicationData() {
        byte[] b = appData.toByteArray();
        appData.reset();
        return b;
    }

    @Override
    public synchronized RecordKeys takeRecordKeys() {
        RecordKeys k = recordKeys;
        recordKeys = null;
        if (k == null) {
            return null;
        }
        boolean client = protocol instanceof TlsClientProtocol;
        long in = recordsInAfterHandshake;
        long out = recordsOutAfterHandshake;
        return k.withSequences(k.clientSeq() + (client ? out : in), k.serverSeq() + (client ? in : out));
    }

    /** Whole TLS records in a buffer (5-byte headers with lengths), as fed by EAP-TLS. */
    private static long countRecords(byte[] b) {
        long n = 0;
        int off = 0;
        while (off + 5 <= b.length) {
            off += 5 + (((b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF));
            n++;
        }
        return n;
    }

    @Override
    public TlsSessionInfo session() {
        if (session == null) {
            throw new IllegalStateException("the TLS handshake is not complete");
        }
        return session;
    }

    @Override
    public void close() {
        RecordKeys k = recordKeys;
        if (k != null) {
            k.wipe();
            recordKeys = null;
        }
        try {
            protocol.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** At handshake completion, while Bouncy Castle still holds the secrets: EAP key material and record keys. */
    private void completed(org.bouncycastle.tls.TlsContext context) {
        session = BcTlsSupport.sessionInfo(context, peerChain);
        recordKeys = BcTlsSupport.recordKeys(context);
    }

    /** The settings' cipher suites for this role, less those the crypto provider cannot do. */
    private int[] supportedCipherSuites(boolean server) {
        return TlsUtils.getSupportedCipherSuites(crypto, BcTlsSupport.suites(settings, server));
    }

    /** The crypto in use (tests: a plain {@link BcTlsCrypto} when no meter was given). */
    BcTlsCrypto crypto() {
        return crypto;
    }

    /** Validates the peer's chain (PKIX, and the extended key usage its role needs) and keeps it for the session. */
    private void acceptPeerChain(List<X509Certificate> chain, String requiredEku) throws IOException {
        List<X509Certificate> path = BcTlsSupport.validate(chain, settings, requiredEku);
        if (meter != null) {
            // PKIX checked one signature per certificate of the path (the trust anchor's own is not checked)
            for (X509Certificate c : path) {
                meter.add(c.getSigAlgName().toUpperCase(java.util.Locale.ROOT).contains("RSA")
                        ? CryptoMeter.Op.CHAIN_RSA_VERIFY : CryptoMeter.Op.CHAIN_EC_VERIFY);
            }
        }
        peerChain = chain;
    }

    private static String describe(IOException e) {
        if (e instanceof TlsFatalAlert a) {
            return a.getMessage() != null ? a.getMessage() : AlertDescription.getText(a.getAlertDescription());
        }
        if (e instanceof org.bouncycastle.tls.TlsFatalAlertReceived r) {
            return "peer sent alert " + AlertDescription.getText(r.getAlertDescription());
        }
        return e.getMessage();
    }

    private final class Client extends DefaultTlsClient {
        Client() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return BcTlsSupport.versions(settings);
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return supportedCipherSuites(false);
        }

        @Override
        public int getRenegotiationPolicy() {
            return org.bouncycastle.tls.RenegotiationPolicy.DENY;
        }

        @Override
        protected Vector<org.bouncycastle.tls.ProtocolName> getProtocolNames() {
            if (settings.applicationProtocols().isEmpty()) {
                return null;
            }
            Vector<org.bouncycastle.tls.ProtocolName> v = new Vector<>();
            settings.applicationProtocols().forEach(p -> v.add(org.bouncycastle.tls.ProtocolName.asUtf8Encoding(p)));
            return v;
        }

        @Override
        protected Vector<org.bouncycastle.tls.ServerName> getSNIServerNames() {
            if (settings.serverName() == null) {
                return null;
            }
            Vector<org.bouncycastle.tls.ServerName> v = new Vector<>();
            v.add(new org.bouncycastle.tls.ServerName(org.bouncycastle.tls.NameType.host_name,
                    settings.serverName().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return v;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    List<X509Certificate> chain = BcTlsSupport.toX509(serverCertificate.getCertificate());
                    acceptPeerChain(chain, BcTlsSupport.EKU_SERVER_AUTH);
                    String host = settings.verifyHost();
                    if (host != null && !HostNames.matches(chain.get(0), host)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server's certificate does not name " + host);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return BcTlsSupport.signer(context, crypto, settings, request.getSupportedSignatureAlgorithms(),
                            request.getCertificateRequestContext(), meter);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            completed(context);
        }
    }

    private final class Server extends DefaultTlsServer {
        Server() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return BcTlsSupport.versions(settings);
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return supportedCipherSuites(true);
        }

        @Override
        public int getRenegotiationPolicy() {
            return org.bouncycastle.tls.RenegotiationPolicy.DENY;
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            Vector<?> peerSchemes = context.getSecurityParametersHandshake().getClientSigAlgs();
            TlsCredentialedSigner s = BcTlsSupport.signer(context, crypto, settings, peerSchemes, null, meter);
            if (s == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "server has no credentials");
            }
            return s;
        }

        @Override
        public CertificateRequest getCertificateRequest() throws IOException {
            Vector<?> schemes = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
            if (TlsUtils.isTLSv13(context)) {
                return new CertificateRequest(TlsUtils.EMPTY_BYTES, schemes, null, null);
            }
            short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
            return new CertificateRequest(types, schemes, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            List<X509Certificate> chain = BcTlsSupport.toX509(clientCertificate);
            if (chain.isEmpty() && !settings.requirePeerCertificate()) {
                return;
            }
            acceptPeerChain(chain, BcTlsSupport.EKU_CLIENT_AUTH);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            completed(context);
        }
    }
}
