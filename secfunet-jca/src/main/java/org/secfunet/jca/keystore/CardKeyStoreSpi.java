package org.secfunet.jca.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import javax.security.auth.callback.CallbackHandler;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;
import org.secfunet.jca.card.PinSources;

/**
 * {@code KeyStore} type {@code SecFuNet}: the identities of the provider's cards, read-only. Each
 * alias is a card identity (see {@link CardDirectory} for clones and clashes), a key entry whose
 * chain is the card's and whose key is a {@link CardPrivateKey} handle (nothing private leaves the
 * card).
 *
 * <p>{@code load(null, pin)} or {@code load(param)} with a {@link KeyStore.PasswordProtection} or
 * {@link KeyStore.CallbackHandlerProtection} verifies the PIN at once: a wrong PIN fails the load
 * with an {@link IOException} saying so with the tries left (its cause an
 * {@link UnrecoverableKeyException}, as for any wrong key store password). Without a PIN only public
 * data is read; keys then take the PIN from {@code getKey}'s password or the provider's {@code pin=}
 * setting. A PIN the application gives is presented each time it is given; one a callback handler
 * repeats after the card refused it is not ({@link RejectedPins}). Identities and certificates are
 * read at load; signatures open the card again whenever it was reinserted or pcscd restarted.
 * keytool needs {@code -keystore NONE} (else it looks for {@code ~/.keystore}), as for SunPKCS11.
 */
public final class CardKeyStoreSpi extends KeyStoreSpi {
    static final String READ_ONLY = "the SecFuNet key store is read-only: import keys with 'secfunet card import'";

    private final CardBank bank;
    private final RejectedPins rejected = new RejectedPins();
    private volatile List<CardIdentity> identities = List.of();
    private volatile KeyStorePins pins;
    private volatile CallbackHandler loadHandler;

    public CardKeyStoreSpi(CardBank bank) {
        this.bank = bank;
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException, CertificateException {
        if (stream != null) {
            throw new IOException("the SecFuNet key store is the card itself: load it with a null stream (keytool -keystore NONE)");
        }
        boolean given = password != null && password.length > 0;
        load(given ? PinSources.of(password) : PinSource.NONE, given ? password : null, null);
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException, CertificateException {
        KeyStore.ProtectionParameter p = param == null ? null : param.getProtectionParameter();
        switch (p) {
            case null -> load(PinSource.NONE, null, null);
            case KeyStore.PasswordProtection pp -> engineLoad(null, pp.getPassword());
            case KeyStore.CallbackHandlerProtection cp ->
                    load(PinSources.of(cp.getCallbackHandler(), bank.settings().pinPolicy()), null, cp.getCallbackHandler());
            default -> throw new IllegalArgumentException("the SecFuNet key store takes a KeyStore.PasswordProtection or a"
                    + " KeyStore.CallbackHandlerProtection (PasswordCallback), not " + p.getClass().getName());
        }
    }

    private void load(PinSource source, char[] password, CallbackHandler handler) throws IOException, CertificateException {
        // a callback handler is asked again by KeyStore.Builder's retries: a PIN it repeats after the card refused it is not presented again
        PinSource given = handler != null ? rejected.guard(source) : source;
        try {
            identities = CardDirectory.read(bank, given);
        } catch (CardProblem e) {
            throw loadFailure(e);
        }
        if (given != PinSource.NONE) {
            rejected.clear();
        }
        PinSource keys = given == PinSource.NONE ? PinSources.orSettings(PinSource.NONE, bank.settings()) : given;
        pins = new KeyStorePins(bank, keys, password);
        loadHandler = handler;
    }

    static IOException loadFailure(CardProblem e) {
        if (e.reason() == CardProblem.Reason.WRONG_PIN || e.reason() == CardProblem.Reason.PIN_BLOCKED) {
            UnrecoverableKeyException u = new UnrecoverableKeyException(e.getMessage());
            u.initCause(e);
            return new IOException(e.getMessage(), u);
        }
        return new IOException(e.getMessage(), e);
    }

    /** The entries of the last load, for the key manager. */
    List<CardIdentity> identities() {
        return identities;
    }

    /** The handle of {@code id}'s key for the load's PIN source (or the provider's pin= setting). */
    CardPrivateKey key(CardIdentity id, PinSource source) {
        return CardPrivateKey.of(bank, id.readers(), id.alias(), source, id.leaf());
    }

    KeyStorePins pins() {
        return pins;
    }

    private CardIdentity find(String alias) {
        for (CardIdentity id : identities) {
            if (id.alias().equals(alias)) {
                return id;
            }
        }
        return null;
    }

    /** The handle of the card key (password: the PIN, when the load had none or another is wanted). */
    @Override
    public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        CardIdentity id = find(alias);
        return id == null ? null : key(id, pins.forKey(password, id));
    }

    @Override
    public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection) throws UnrecoverableEntryException {
        CardIdentity id = find(alias);
        if (id == null) {
            return null;
        }
        PinSource source = switch (protection) {
            case null -> pins.loaded();
            case KeyStore.PasswordProtection pp -> pins.forKey(pp.getPassword(), id);
            case KeyStore.CallbackHandlerProtection cp -> cp.getCallbackHandler() == loadHandler ? pins.loaded()
                    : rejected.guard(PinSources.of(cp.getCallbackHandler(), bank.settings().pinPolicy()));
            default -> throw new UnsupportedOperationException("the SecFuNet key store takes a KeyStore.PasswordProtection or a"
                    + " KeyStore.CallbackHandlerProtection, not " + protection.getClass().getName());
        };
        return new KeyStore.PrivateKeyEntry(key(id, source), id.chainArray());
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        CardIdentity id = find(alias);
        return id == null ? null : id.chainArray();
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        CardIdentity id = find(alias);
        return id == null ? null : id.leaf();
    }

    /** The certificate's start of validity: the card does not record when its key was made. */
    @Override
    public Date engineGetCreationDate(String alias) {
        CardIdentity id = find(alias);
        return id == null ? null : new Date(id.leaf().getNotBefore().getTime());
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(identities.stream().map(CardIdentity::alias).toList());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return find(alias) != null;
    }

    @Override
    public int engineSize() {
        return identities.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return find(alias) != null;
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        for (CardIdentity id : identities) {
            if (id.leaf().equals(cert)) {
                return id.alias();
            }
        }
        return null;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protection) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    /** Refused: {@code engineStore} may only throw an {@link IOException}, which says the store is read-only. */
    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        throw new IOException(READ_ONLY);
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter param) throws IOException {
        throw new IOException(READ_ONLY);
    }
}
