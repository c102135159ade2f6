package org.secfunet.jca.keystore;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * A private key that never leaves the card: a handle naming the provider's cards that hold it
 * (one reader, or several holding clones of one card), the identity it was found under, its
 * certificate and where its PIN comes from. It holds no private value: {@link #getEncoded()} and
 * {@link #getFormat()} are null, and it is deliberately not an {@code ECPrivateKey} or
 * {@code RSAPrivateKey}, so software providers refuse it and JCA's delayed provider selection routes
 * it to the SecFuNet signatures ({@code SupportedKeyClasses} names this class).
 *
 * <p>A handle is not serializable: {@code writeObject} throws {@link NotSerializableException}
 * (the cards and the PIN source are of this process only).
 */
public abstract sealed class CardPrivateKey implements PrivateKey permits CardEcKey, CardRsaKey {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient CardBank bank;
    private final transient List<String> readers;
    private final transient String alias;
    private final transient PinSource pins;
    private final transient X509Certificate certificate;

    CardPrivateKey(CardBank bank, List<String> readers, String alias, PinSource pins, X509Certificate certificate) {
        this.bank = bank;
        this.readers = List.copyOf(readers);
        this.alias = alias;
        this.pins = pins;
        this.certificate = certificate;
    }

    /** The handle of the key whose certificate is {@code certificate} (EC or RSA). */
    static CardPrivateKey of(CardBank bank, List<String> readers, String alias, PinSource pins, X509Certificate certificate) {
        return switch (certificate.getPublicKey().getAlgorithm()) {
            case "EC" -> new CardEcKey(bank, readers, alias, pins, certificate);
            case "RSA", "RSASSA-PSS" -> new CardRsaKey(bank, readers, alias, pins, certificate);
            default -> throw new CardProblem(CardProblem.Reason.CARD_REFUSED, "the certificate of identity '" + alias + "' holds a "
                    + certificate.getPublicKey().getAlgorithm() + " key: the card signs with EC and RSA keys only");
        };
    }

    /** The cards holding this key. */
    public CardBank bank() {
        return bank;
    }

    /** The readers whose cards hold this key (several when they are clones of one card). */
    public List<String> readers() {
        return readers;
    }

    /** The key store alias (the card identity) this handle was found under. */
    public String alias() {
        return alias;
    }

    /** Where the card's PIN comes from for operations with this key. */
    public PinSource pins() {
        return pins;
    }

    /** The key's certificate (the card chain's leaf). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate's key algorithm: {@code EC}, {@code RSA} (or {@code RSASSA-PSS}). */
    @Override
    public String getAlgorithm() {
        return certificate.getPublicKey().getAlgorithm();
    }

    /** Null: the key has no encoding outside the card. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the private value never leaves the card. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    /**
     * Signs {@code digest} (32, 48 or 64 bytes) inside one of the cards, verifying the PIN as the
     * PIN policy says. A card removed and reinserted, or pcscd restarted, is opened again; when a
     * clone's reader has no card, the other clones are tried (each once).
     *
     * @throws CardProblem naming the cause (no PIN, wrong or blocked PIN, card absent...), never the PIN
     */
    public byte[] sign(EapSmartcard.SignAlgorithm algorithm, byte[] digest) {
        if (pins == PinSource.NONE) {
            throw new CardProblem(CardProblem.Reason.NO_PIN, "no PIN for the card key '" + alias + "': give it to KeyStore.load or getKey"
                    + " (or javax.net.ssl.keyStorePassword), or set pin=env:NAME or pin=file:PATH in the provider configuration");
        }
        try {
            return bank.withCardAmong(readers, pins, card -> card.sign(algorithm, digest));
        } catch (CardProblem e) {
            if (e.reason() != CardProblem.Reason.CARD_ABSENT || readers.size() == 1) {
                throw e;
            }
            CardProblem last = e;
            for (String r : readers) {
                try {
                    return bank.withCard(r, pins, card -> card.sign(algorithm, digest));
                } catch (CardProblem again) {
                    if (again.reason() != CardProblem.Reason.CARD_ABSENT) {
                        throw again;
                    }
                    last = again;
                }
            }
            throw last;
        }
    }

    @Override
    public String toString() {
        return "SecFuNet card key '" + alias + "' (" + getAlgorithm() + ", " + certificate.getSubjectX500Principal() + ") in " + readers;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("a SecFuNet card key is a handle to a card of this process: it cannot be serialized");
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException {
        throw new NotSerializableException("a SecFuNet card key is a handle to a card of this process: it cannot be serialized");
    }
}
