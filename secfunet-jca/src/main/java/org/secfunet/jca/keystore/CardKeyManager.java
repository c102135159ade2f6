package org.secfunet.jca.keystore;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardCredentials;
import org.secfunet.jca.card.PinSource;

/**
 * The key manager of {@code KeyManagerFactory} {@code SecFuNet}: the card identities of one key
 * store, chosen for JSSE by key type and issuers (the provider's {@code identity=} first, then each
 * card's preferred identity); the private keys are card handles, so stock JSSE signs in the card.
 * As {@link CardCredentials} it gives the SecFuNet SSL context the same cards and PIN.
 */
public final class CardKeyManager extends X509ExtendedKeyManager implements CardCredentials {
    /** One alias, its chain and its card key. */
    record KeyEntry(String alias, X509Certificate[] chain, CardPrivateKey key) {
    }

    private final List<KeyEntry> entries;

    CardKeyManager(List<KeyEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a key manager needs at least one card key");
        }
        String wanted = entries.get(0).key().bank().settings().identity();
        List<KeyEntry> ordered = new ArrayList<>(entries);
        if (wanted != null) {
            ordered.sort(Comparator.comparing(e -> !(e.alias().equals(wanted) || e.alias().startsWith(wanted + "@"))));
        }
        this.entries = List.copyOf(ordered);
    }

    /** The cards of the first key (all keys of one key store share them). */
    @Override
    public CardBank bank() {
        return entries.get(0).key().bank();
    }

    /** The PIN source of the key store's keys. */
    @Override
    public PinSource pins() {
        return entries.get(0).key().pins();
    }

    private String[] aliases(String keyType, Principal[] issuers) {
        List<String> out = new ArrayList<>();
        for (KeyEntry e : entries) {
            if (KeyTypes.matches(keyType, e.chain()) && KeyTypes.issuedBy(e.chain(), issuers)) {
                out.add(e.alias());
            }
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    private String choose(String[] keyTypes, Principal[] issuers) {
        if (keyTypes == null) {
            return null;
        }
        for (String t : keyTypes) {
            String[] a = aliases(t, issuers);
            if (a != null) {
                return a[0];
            }
        }
        return null;
    }

    private KeyEntry find(String alias) {
        for (KeyEntry e : entries) {
            if (e.alias().equals(alias)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(new String[] {keyType}, issuers);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(new String[] {keyType}, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyEntry e = find(alias);
        return e == null ? null : e.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyEntry e = find(alias);
        return e == null ? null : e.key();
    }
}
