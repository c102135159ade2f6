package org.secfunet.eap.tls.engine;

/**
 * A TLS endpoint in byte-pump mode: bytes from the peer go in, bytes for the peer come out, nothing
 * does I/O. EAP-TLS methods drive it; so will the card's applet.
 */
public interface TlsEngine extends AutoCloseable {
    /** Records received from the peer. A fatal problem throws {@link TlsEngineException}; an alert may then be waiting in the output. */
    void offerInput(byte[] records);

    /** Records to send to the peer (empty when none). */
    byte[] takeOutput();

    boolean isHandshakeComplete();

    /** Sends application data (the TLS 1.3 commitment message, for instance). */
    void writeApplicationData(byte[] data);

    /** Application data received so far and not yet taken. */
    byte[] takeApplicationData();

    /** What was negotiated; available once the handshake is complete. */
    TlsSessionInfo session();

    /**
     * The record-layer keys for a host that carries the session on, once: null before the
     * handshake completes and after the first call. The caller wipes them.
     */
    RecordKeys takeRecordKeys();

    @Override
    void close();
}
