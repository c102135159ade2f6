package org.secfunet.jca.keystore;

import java.io.Serial;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.List;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.PinSource;

/**
 * A card's EC key: its curve comes from the certificate's public key (JSSE reads it to pick the
 * signature scheme); no private value.
 */
public final class CardEcKey extends CardPrivateKey implements ECKey {
    @Serial
    private static final long serialVersionUID = 1L;

    CardEcKey(CardBank bank, List<String> readers, String alias, PinSource pins, X509Certificate certificate) {
        super(bank, readers, alias, pins, certificate);
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) certificate().getPublicKey()).getParams();
    }

    /** The length in bytes of the curve's order (32 for P-256, 48 for P-384): what ECDSA signs. */
    public int orderBytes() {
        return (getParams().getOrder().bitLength() + 7) / 8;
    }
}
