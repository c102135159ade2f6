package org.secfunet.jca.sign;

import java.security.InvalidAlgorithmParameterException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The RSASSA-PSS parameters the card signs with: SHA-256, SHA-384 or SHA-512, MGF1 with the same
 * hash, a salt as long as the hash and the usual trailer (exactly what TLS 1.3's rsa_pss_* schemes
 * use). Anything else is refused naming what the card supports.
 */
final class PssParameters {
    static final String SUPPORTED = "the card signs RSASSA-PSS with SHA-256, SHA-384 or SHA-512, MGF1 with the same hash"
            + " and a salt as long as the hash (as TLS 1.3 does)";

    private PssParameters() {
    }

    /** The card hash ("SHA-256"...) of {@code spec}, if the card can sign with it. */
    static String check(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
        if (!(spec instanceof PSSParameterSpec pss)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS takes a PSSParameterSpec, not "
                    + (spec == null ? "none" : spec.getClass().getName()) + ": " + SUPPORTED);
        }
        String hash = CardAlgorithm.cardHash(pss.getDigestAlgorithm());
        boolean ok = hash != null
                && "MGF1".equalsIgnoreCase(pss.getMGFAlgorithm())
                && pss.getMGFParameters() instanceof MGF1ParameterSpec mgf
                && hash.equals(CardAlgorithm.cardHash(mgf.getDigestAlgorithm()))
                && pss.getSaltLength() == CardAlgorithm.length(hash)
                && pss.getTrailerField() == PSSParameterSpec.TRAILER_FIELD_BC;
        if (!ok) {
            throw new InvalidAlgorithmParameterException(SUPPORTED + "; not " + describe(pss));
        }
        return hash;
    }

    private static String describe(PSSParameterSpec pss) {
        String mgfHash = pss.getMGFParameters() instanceof MGF1ParameterSpec m ? m.getDigestAlgorithm() : String.valueOf(pss.getMGFParameters());
        return pss.getDigestAlgorithm() + " with " + pss.getMGFAlgorithm() + "(" + mgfHash + "), salt " + pss.getSaltLength()
                + " bytes, trailer " + pss.getTrailerField();
    }
}
