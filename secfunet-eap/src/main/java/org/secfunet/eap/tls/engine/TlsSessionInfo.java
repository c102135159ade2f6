package org.secfunet.eap.tls.engine;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a completed handshake negotiated, and the keying material EAP-TLS needs, computed at the
 * moment the handshake completed (before the TLS stack discards its secrets).
 *
 * @param version       "TLSv1.2" or "TLSv1.3"
 * @param cipherSuite   IANA name, e.g. TLS_AES_128_GCM_SHA256
 * @param peerChain     the peer's certificate chain, leaf first (empty if none)
 * @param clientRandom  32 bytes
 * @param serverRandom  32 bytes
 * @param eapKeyMaterial 128 bytes: MSK ‖ EMSK (RFC 5216 §2.3 / RFC 9190 §2.3)
 * @param methodId      RFC 9190 Method-Id (64 bytes) for TLS 1.3; client.random ‖ server.random for TLS 1.2
 * @param applicationProtocol the ALPN protocol the server chose (RFC 7301), or "" when none
 */
public record TlsSessionInfo(String version, String cipherSuite, List<X509Certificate> peerChain,
                             byte[] clientRandom, byte[] serverRandom, byte[] eapKeyMaterial, byte[] methodId, String applicationProtocol) {
    public TlsSessionInfo(String version, String cipherSuite, List<X509Certificate> peerChain,
                          byte[] clientRandom, byte[] serverRandom, byte[] eapKeyMaterial, byte[] methodId) {
        this(version, cipherSuite, peerChain, clientRandom, serverRandom, eapKeyMaterial, methodId, "");
    }

    public TlsSessionInfo {
        applicationProtocol = applicationProtocol == null ? "" : applicationProtocol;
        peerChain = List.copyOf(peerChain);
        clientRandom = clientRandom.clone();
        serverRandom = serverRandom.clone();
        eapKeyMaterial = eapKeyMaterial.clone();
        methodId = methodId.clone();
    }

    public boolean isTls13() {
        return "TLSv1.3".equals(version);
    }

    @Override
    public byte[] eapKeyMaterial() {
        return eapKeyMaterial.clone();
    }

    @Override
    public byte[] methodId() {
        return methodId.clone();
    }

    @Override
    public byte[] clientRandom() {
        return clientRandom.clone();
    }

    @Override
    public byte[] serverRandom() {
        return serverRandom.clone();
    }

    /** MSK: the first 64 bytes of the key material. */
    public byte[] msk() {
        return java.util.Arrays.copyOfRange(eapKeyMaterial, 0, 64);
    }

    /** EMSK: the last 64 bytes of the key material. */
    public byte[] emsk() {
        return java.util.Arrays.copyOfRange(eapKeyMaterial, 64, 128);
    }

    /** Session-Id: 0x0D ‖ Method-Id (RFC 9190 §2.3), i.e. 0x0D ‖ client.random ‖ server.random for TLS 1.2 (RFC 5216 §2.3). */
    public byte[] sessionId() {
        byte[] id = new byte[1 + methodId.length];
        id[0] = 0x0D;
        System.arraycopy(methodId, 0, id, 1, methodId.length);
        return id;
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "TlsSessionInfo[" + version + " " + cipherSuite + ", peer " + (peerChain.isEmpty() ? "anonymous" : peerChain.get(0).getSubjectX500Principal()) + "]";
    }
}
