package org.secfunet.card.runtime;

import org.secfunet.eap.tls.engine.CryptoMeter;

/**
 * What a real card takes per public-key operation of its TLS engine, in milliseconds, for the
 * real-card latency model; chain checks cost as handshake-signature checks. The profiles' figures
 * and their sources are in docs/benchmarks.md.
 *
 * @param keyPairMs ephemeral EC P-256 key pair (key share)
 * @param agreementMs ECDH with the peer's share
 * @param signMs ECDSA P-256 signature
 * @param verifyMs ECDSA P-256 verification
 * @param rsaSignMs RSA 2048 signature (CRT key)
 * @param rsaVerifyMs RSA 2048 verification
 */
public record CardCryptoCosts(double keyPairMs, double agreementMs, double signMs, double verifyMs, double rsaSignMs, double rsaVerifyMs) {
    /** No cryptography charged. */
    public static final CardCryptoCosts NONE = new CardCryptoCosts(0, 0, 0, 0, 0, 0);

    public CardCryptoCosts {
        check("keygen-ms", keyPairMs);
        check("ecdh-ms", agreementMs);
        check("sign-ms", signMs);
        check("verify-ms", verifyMs);
        check("rsa-sign-ms", rsaSignMs);
        check("rsa-verify-ms", rsaVerifyMs);
    }

    static void check(String key, double ms) {
        if (!(ms >= 0 && ms <= 60_000)) {
            throw new IllegalArgumentException("card model " + key + " must be 0..60000 ms, not " + ms);
        }
    }

    /** The cost of one operation. */
    public double ms(CryptoMeter.Op op) {
        return switch (op) {
            case KEY_PAIR -> keyPairMs;
            case KEY_AGREEMENT -> agreementMs;
            case EC_SIGN -> signMs;
            case RSA_SIGN -> rsaSignMs;
            case EC_VERIFY, CHAIN_EC_VERIFY -> verifyMs;
            case RSA_VERIFY, CHAIN_RSA_VERIFY -> rsaVerifyMs;
        };
    }

    /** The cost of operation counts indexed by {@link CryptoMeter.Op#ordinal()} (as {@link CryptoMeter#snapshot()}). */
    public double ms(long[] counts) {
        double sum = 0;
        for (CryptoMeter.Op op : CryptoMeter.Op.values()) {
            sum += counts[op.ordinal()] * ms(op);
        }
        return sum;
    }

    /** This with one cost replaced, by its spec key ({@code keygen-ms}, {@code ecdh-ms}, ...); null for an unknown key. */
    CardCryptoCosts with(String key, double ms) {
        return switch (key) {
            case "keygen-ms" -> new CardCryptoCosts(ms, agreementMs, signMs, verifyMs, rsaSignMs, rsaVerifyMs);
            case "ecdh-ms" -> new CardCryptoCosts(keyPairMs, ms, signMs, verifyMs, rsaSignMs, rsaVerifyMs);
            case "sign-ms" -> new CardCryptoCosts(keyPairMs, agreementMs, ms, verifyMs, rsaSignMs, rsaVerifyMs);
            case "verify-ms" -> new CardCryptoCosts(keyPairMs, agreementMs, signMs, ms, rsaSignMs, rsaVerifyMs);
            case "rsa-sign-ms" -> new CardCryptoCosts(keyPairMs, agreementMs, signMs, verifyMs, ms, rsaVerifyMs);
            case "rsa-verify-ms" -> new CardCryptoCosts(keyPairMs, agreementMs, signMs, verifyMs, rsaSignMs, ms);
            default -> null;
        };
    }
}
