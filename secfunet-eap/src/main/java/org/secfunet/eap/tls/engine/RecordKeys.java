package org.secfunet.eap.tls.engine;

import java.util.Arrays;

/**
 * What a host record layer needs to carry a TLS session on after the handshake: TLS 1.2 AEAD write
 * keys and salts/IVs, or TLS 1.3 application traffic secrets, with the next sequence numbers.
 * Never the private key, never the TLS 1.2 master secret. {@link #wipe()} zeroes it.
 */
public final class RecordKeys {
    private final String version;
    private final int cipherSuite;
    private final byte[] clientKey;
    private final byte[] serverKey;
    private final byte[] clientIv;
    private final byte[] serverIv;
    private final byte[] clientSecret;
    private final byte[] serverSecret;
    private final long clientSeq;
    private final long serverSeq;

    RecordKeys(String version, int cipherSuite, byte[] clientKey, byte[] serverKey, byte[] clientIv, byte[] serverIv,
               byte[] clientSecret, byte[] serverSecret, long clientSeq, long serverSeq) {
        this.version = version;
        this.cipherSuite = cipherSuite;
        this.clientKey = clientKey;
        this.serverKey = serverKey;
        this.clientIv = clientIv;
        this.serverIv = serverIv;
        this.clientSecret = clientSecret;
        this.serverSecret = serverSecret;
        this.clientSeq = clientSeq;
        this.serverSeq = serverSeq;
    }

    /** The same keys with other next sequence numbers (records exchanged after the handshake). */
    RecordKeys withSequences(long c, long s) {
        return new RecordKeys(version, cipherSuite, clientKey, serverKey, clientIv, serverIv, clientSecret, serverSecret, c, s);
    }

    public String version() {
        return version;
    }

    public int cipherSuite() {
        return cipherSuite;
    }

    public byte[] clientKey() {
        return clientKey.clone();
    }

    public byte[] serverKey() {
        return serverKey.clone();
    }

    public byte[] clientIv() {
        return clientIv.clone();
    }

    public byte[] serverIv() {
        return serverIv.clone();
    }

    public byte[] clientSecret() {
        return clientSecret.clone();
    }

    public byte[] serverSecret() {
        return serverSecret.clone();
    }

    public long clientSeq() {
        return clientSeq;
    }

    public long serverSeq() {
        return serverSeq;
    }

    public void wipe() {
        for (byte[] b : new byte[][] {clientKey, serverKey, clientIv, serverIv, clientSecret, serverSecret}) {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "RecordKeys[" + version + " suite " + String.format("0x%04X", cipherSuite) + " seq " + clientSeq + "/" + serverSeq + "]";
    }
}
