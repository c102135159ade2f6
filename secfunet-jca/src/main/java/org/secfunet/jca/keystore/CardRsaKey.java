package org.secfunet.jca.keystore;

import java.io.Serial;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.PinSource;

/**
 * A card's RSA key: its modulus (and, for an RSASSA-PSS certificate, its parameters) come from the
 * certificate's public key (JSSE reads the size to pick the signature scheme); no private value.
 */
public final class CardRsaKey extends CardPrivateKey implements RSAKey {
    @Serial
    private static final long serialVersionUID = 1L;

    CardRsaKey(CardBank bank, List<String> readers, String alias, PinSource pins, X509Certificate certificate) {
        super(bank, readers, alias, pins, certificate);
    }

    @Override
    public BigInteger getModulus() {
        return ((RSAPublicKey) certificate().getPublicKey()).getModulus();
    }

    @Override
    public AlgorithmParameterSpec getParams() {
        return ((RSAPublicKey) certificate().getPublicKey()).getParams();
    }
}
