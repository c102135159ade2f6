package org.secfunet.eap.tls.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the public-key operations a TLS engine performed, for the benchmarks' real-card
 * latency model. An engine counts only when given a meter ({@link BcTlsEngine#client(TlsSettings,
 * CryptoMeter)}); without one it runs Bouncy Castle's crypto undecorated. Thread-safe.
 */
public final class CryptoMeter {
    /** What is counted. */
    public enum Op {
        /** An ephemeral key pair (ECDHE, X25519/X448 or FFDHE key share). */
        KEY_PAIR,
        /** A key agreement with the peer's share. */
        KEY_AGREEMENT,
        /** A handshake signature with the own EC (ECDSA/EdDSA) key. */
        EC_SIGN,
        /** A handshake signature with the own RSA key (PKCS#1 or PSS). */
        RSA_SIGN,
        /** A check of the peer's handshake signature (ServerKeyExchange, CertificateVerify), EC. */
        EC_VERIFY,
        /** As {@link #EC_VERIFY}, RSA. */
        RSA_VERIFY,
        /** A certificate signature of the peer's chain checked with an EC issuer key. */
        CHAIN_EC_VERIFY,
        /** A certificate signature of the peer's chain checked with an RSA issuer key. */
        CHAIN_RSA_VERIFY
    }

    private final LongAdder[] counts = new LongAdder[Op.values().length];

    public CryptoMeter() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one operation. */
    public void add(Op op) {
        counts[op.ordinal()].increment();
    }

    /** Operations of this kind so far. */
    public long count(Op op) {
        return counts[op.ordinal()].sum();
    }

    /** All counts, indexed by {@link Op#ordinal()}. */
    public long[] snapshot() {
        long[] s = new long[counts.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = counts[i].sum();
        }
        return s;
    }

    /** E.g. {@code KEY_PAIR=1 KEY_AGREEMENT=1 EC_SIGN=1 EC_VERIFY=1 CHAIN_EC_VERIFY=1}, zero counts left out. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Op op : Op.values()) {
            long n = count(op);
            if (n != 0) {
                b.append(b.isEmpty() ? "" : " ").append(op).append('=').append(n);
            }
        }
        return b.toString();
    }
}
