package org.secfunet.jca.keystore;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.ManagerFactoryParameters;
import org.secfunet.jca.card.CardBank;

/**
 * {@code KeyManagerFactory} {@code SecFuNet}: one {@link CardKeyManager} over a SecFuNet key store
 * ({@code init(ks, pin)}; with a null key store it loads its own over the provider's cards with
 * {@code pin}) or over {@link KeyStoreBuilderParameters} whose key stores are SecFuNet ones. Other
 * key stores are refused: the JDK's {@code PKIX} factory serves them (and serves ours too).
 */
public final class CardKeyManagerFactorySpi extends KeyManagerFactorySpi {
    private final CardBank bank;
    private volatile CardKeyManager manager;

    public CardKeyManagerFactorySpi(CardBank bank) {
        this.bank = bank;
    }

    @Override
    protected void engineInit(KeyStore ks, char[] password) throws KeyStoreException, UnrecoverableKeyException {
        List<CardKeyManager.KeyEntry> entries = new ArrayList<>();
        if (ks == null) {
            CardKeyStoreSpi spi = new CardKeyStoreSpi(bank);
            try {
                spi.engineLoad(null, password);
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException u) {
                    throw u;
                }
                throw new KeyStoreException(e.getMessage(), e);
            } catch (CertificateException e) {
                throw new KeyStoreException(e.getMessage(), e);
            }
            for (CardIdentity id : spi.identities()) {
                entries.add(new CardKeyManager.KeyEntry(id.alias(), id.chainArray(), spi.key(id, spi.pins().loaded())));
            }
        } else {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    try {
                        entries.add(entry(ks, alias, ks.getKey(alias, password), ks.getCertificateChain(alias)));
                    } catch (NoSuchAlgorithmException e) {
                        throw new KeyStoreException(e.getMessage(), e);
                    }
                }
            }
        }
        manager = manager(entries);
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
        if (!(spec instanceof KeyStoreBuilderParameters p)) {
            throw new InvalidAlgorithmParameterException("the SecFuNet key manager takes a KeyStore or KeyStoreBuilderParameters, not "
                    + (spec == null ? "null" : spec.getClass().getName()));
        }
        List<CardKeyManager.KeyEntry> entries = new ArrayList<>();
        try {
            for (KeyStore.Builder b : p.getParameters()) {
                KeyStore ks = b.getKeyStore();
                for (String alias : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(alias) && ks.getEntry(alias, b.getProtectionParameter(alias)) instanceof KeyStore.PrivateKeyEntry e) {
                        entries.add(entry(ks, alias, e.getPrivateKey(), e.getCertificateChain()));
                    }
                }
            }
            manager = manager(entries);
        } catch (GeneralSecurityException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
    }

    private static CardKeyManager.KeyEntry entry(KeyStore ks, String alias, Key key, Certificate[] chain) throws KeyStoreException {
        if (!(key instanceof CardPrivateKey card)) {
            throw new KeyStoreException("the SecFuNet key manager takes the SecFuNet key store (card keys), not the " + ks.getType()
                    + " key store's entry '" + alias + "': use KeyManagerFactory.getInstance(\"PKIX\") for it");
        }
        X509Certificate[] x = new X509Certificate[chain == null ? 0 : chain.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (X509Certificate) chain[i];
        }
        return new CardKeyManager.KeyEntry(alias, x, card);
    }

    private CardKeyManager manager(List<CardKeyManager.KeyEntry> entries) throws KeyStoreException {
        if (entries.isEmpty()) {
            throw new KeyStoreException("no card identity with a key and a certificate in readers " + bank.readers()
                    + ": import a key with 'secfunet card import' and name it with 'secfunet card set-identity'");
        }
        return new CardKeyManager(entries);
    }

    @Override
    protected KeyManager[] engineGetKeyManagers() {
        CardKeyManager m = manager;
        if (m == null) {
            throw new IllegalStateException("the SecFuNet KeyManagerFactory is not initialized: call init first");
        }
        return new KeyManager[] {m};
    }
}
