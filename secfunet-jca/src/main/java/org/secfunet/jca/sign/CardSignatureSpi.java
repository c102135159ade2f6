package org.secfunet.jca.sign;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.keystore.CardEcKey;
import org.secfunet.jca.keystore.CardPrivateKey;
import org.secfunet.pcsc.eapcard.EapSmartcard.SignAlgorithm;

/**
 * The {@code Signature} services for card keys ({@link CardPrivateKey} only): SHA-256/384/512 with
 * ECDSA, NONEwithECDSA, SHA-256/384/512 with RSA (PKCS#1 v1.5) and RSASSA-PSS with the parameters
 * the card takes ({@link PssParameters}); for Bouncy Castle's TLS also NONEwithRSA (over a DigestInfo)
 * and SHA-256/384/512withRSAandMGF1 (PSS with the hash fixed). The message is hashed on the host; the card signs the
 * digest, in a fresh lease for each signature, so a card removed and reinserted (or pcscd
 * restarted) serves the next call. Verification is handed to the JDK's providers (it needs no card).
 * Failures are {@link SignatureException}s with the card problem's message (never a PIN).
 */
public final class CardSignatureSpi extends SignatureSpi {
    private final CardAlgorithm algorithm;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private boolean rawTooLong;
    private PSSParameterSpec pss;
    private String pssHash;
    private CardPrivateKey key;
    private MessageDigest digest;
    private Signature verifier;

    /** The service for {@code algorithm}, one of the provider's signature names. */
    public CardSignatureSpi(String algorithm) {
        this.algorithm = CardAlgorithm.of(algorithm);
        if (this.algorithm.card == SignAlgorithm.RSA_PSS && this.algorithm.hash != null) {
            String h = this.algorithm.hash;
            pss = new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), CardAlgorithm.length(h), PSSParameterSpec.TRAILER_FIELD_BC);
            pssHash = h;
        }
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        key = cardKey(privateKey);
        verifier = null;
        reset();
    }

    /**
     * {@code random} is not used: the card draws its own randomness (ECDSA nonces, PSS salts).
     * JSSE's {@code initSign(key, params, random)} (delayed provider selection with the TLS 1.3 PSS
     * parameters) is package-private in {@code SignatureSpi}: it calls
     * {@link #engineSetParameter(AlgorithmParameterSpec)} and then this method.
     */
    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        engineInitSign(privateKey);
    }

    /** Verification needs no card: it runs in the first other installed provider that takes {@code publicKey}. */
    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        // the PSS names with a fixed hash are Bouncy Castle's; the JDK verifies them as RSASSA-PSS with the same parameters
        Signature v = Verifiers.forKey(algorithm.card == SignAlgorithm.RSA_PSS ? "RSASSA-PSS" : algorithm.jcaName, publicKey);
        try {
            if (pss != null) {
                v.setParameter(pss);
            }
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException("cannot verify " + algorithm.jcaName + " with " + v.getProvider().getName() + ": " + e.getMessage(), e);
        }
        v.initVerify(publicKey);
        key = null;
        verifier = v;
    }

    private CardPrivateKey cardKey(PrivateKey k) throws InvalidKeyException {
        if (!(k instanceof CardPrivateKey c)) {
            throw new InvalidKeyException("the SecFuNet signatures take only card keys (from the SecFuNet KeyStore), not "
                    + (k == null ? "null" : k.getClass().getName()) + ": other keys are for the JDK's providers");
        }
        boolean ec = c instanceof CardEcKey;
        if (ec != algorithm.keyType.equals("EC")) {
            throw new InvalidKeyException(algorithm.jcaName + " needs an " + algorithm.keyType + " key; the card key '" + c.alias() + "' is " + c.getAlgorithm());
        }
        if (c instanceof CardEcKey e && e.orderBytes() != 32 && e.orderBytes() != 48 && e.orderBytes() != 64) {
            throw new InvalidKeyException("the card signs ECDSA on curves of 256, 384 or 512 bits (P-256, P-384), not " + e.getParams().getOrder().bitLength());
        }
        return c;
    }

    private void reset() {
        raw.reset();
        rawTooLong = false;
        String hash = algorithm.hash != null ? algorithm.hash : pssHash;
        try {
            digest = hash == null ? null : MessageDigest.getInstance(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new ProviderException(hash + " is missing from this JDK", e);
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (verifier != null) {
            verifier.update(b, off, len);
        } else if (algorithm.raw()) {
            if (rawTooLong || raw.size() + len > algorithm.maxRaw()) {
                rawTooLong = true;
            } else {
                raw.write(b, off, len);
            }
        } else if (digest == null) {
            throw new SignatureException("set the RSASSA-PSS parameters (a PSSParameterSpec) before signing: " + PssParameters.SUPPORTED);
        } else {
            digest.update(b, off, len);
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialized for signing with a card key");
        }
        try {
            return key.sign(algorithm.card, toSign());
        } catch (CardProblem e) {
            throw new SignatureException(e.getMessage(), e);
        } finally {
            reset();
        }
    }

    /** The digest the card signs: the host's hash, NONEwithRSA's DigestInfo unwrapped, or NONEwithECDSA's input fitted to the curve. */
    private byte[] toSign() throws SignatureException {
        if (!algorithm.raw()) {
            if (digest == null) {
                throw new SignatureException("set the RSASSA-PSS parameters (a PSSParameterSpec) before signing: " + PssParameters.SUPPORTED);
            }
            return digest.digest();
        }
        if (rawTooLong) {
            throw new SignatureException(algorithm.jcaName + " takes at most " + algorithm.maxRaw() + " bytes (a digest"
                    + (algorithm == CardAlgorithm.NONE_RSA ? " in its DigestInfo)" : ")"));
        }
        if (algorithm == CardAlgorithm.NONE_RSA) {
            return DigestInfos.digest(raw.toByteArray());
        }
        // ECDSA signs the leftmost bits of its input up to the bit length of the curve's order, and a
        // shorter input as the same integer (FIPS 186-5, 6.4.1). For these curves the order is a whole
        // number of bytes (32, 48, 64), so: keep the leftmost bytes of a longer input, left-pad a
        // shorter one with zeros. The card then gets the digest length it takes, and signs the same value.
        int n = ((CardEcKey) key).orderBytes();
        byte[] in = raw.toByteArray();
        byte[] out = new byte[n];
        if (in.length >= n) {
            System.arraycopy(in, 0, out, 0, n);
        } else {
            System.arraycopy(in, 0, out, n - in.length, in.length);
        }
        return out;
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (verifier == null) {
            throw new SignatureException("not initialized for verification");
        }
        return verifier.verify(sigBytes);
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (algorithm.card != SignAlgorithm.RSA_PSS) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException(algorithm.jcaName + " takes no parameters, not " + params.getClass().getName());
            }
            return;
        }
        String hash = PssParameters.check(params);
        if (algorithm.hash != null && !algorithm.hash.equals(hash)) {
            throw new InvalidAlgorithmParameterException(algorithm.jcaName + " signs with " + algorithm.hash + ", not " + hash + ": use RSASSA-PSS");
        }
        pssHash = hash;
        pss = (PSSParameterSpec) params;
        if (verifier != null) {
            verifier.setParameter(params);
        } else {
            reset();
        }
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (pss == null) {
            return null;
        }
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(pss);
            return p;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("cannot encode the RSASSA-PSS parameters: " + e.getMessage(), e);
        }
    }

    @Deprecated
    @Override
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("use setParameter(AlgorithmParameterSpec)");
    }

    @Deprecated
    @Override
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("use getParameters()");
    }
}
