package org.secfunet.jca;

import java.lang.reflect.InvocationTargetException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.JcaSettings;
import org.secfunet.pcsc.Readers;

/**
 * The secfunet JCA/JSSE provider. Signer services (mode 1: the key never leaves the card):
 * {@code KeyStore} and {@code KeyManagerFactory} {@code SecFuNet}, {@code Signature} for the card's
 * keys (routed here only for card keys, by {@code SupportedKeyClasses}). The SecFuNet way (mode 2):
 * {@code SSLContext} {@code SecFuNet}, whose handshakes run inside the card.
 *
 * <p>Made with no argument (as {@code ServiceLoader} and {@code keytool -providerClass} do) it uses the
 * first PC/SC reader; {@link #configure(String)} gives the readers and settings
 * ({@link JcaSettings}), as {@code -providerArg} and a {@code security.provider.N} line do.
 */
public final class SecFuNetProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "SecFuNet";
    /** The class of the card's private-key handles, the only keys the signature services take. */
    static final String KEY_CLASS = "org.secfunet.jca.keystore.CardPrivateKey";
    private static final List<String> SIGNATURES = List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "RSASSA-PSS",
            // Bouncy Castle's TLS asks for raw PKCS#1 over a DigestInfo (TLS 1.2)
            "NONEwithRSA");
    /**
     * PSS with a fixed hash under Bouncy Castle's names, which its TLS asks for first, to sign and to
     * verify: no JDK provider has them, so these services also take RSA public keys (their
     * verification is the JDK's RSASSA-PSS with the same parameters).
     */
    private static final List<String> PSS_NAMES = List.of("SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1");

    private final transient JcaSettings settings;
    private transient volatile CardBank bank;

    /** The provider on the first PC/SC reader; {@link #configure(String)} for others. */
    public SecFuNetProvider() {
        this(JcaSettings.defaults(), false);
    }

    private SecFuNetProvider(JcaSettings settings, boolean configured) {
        super(NAME, "0.1", "secfunet: smart-card keys and TLS handshakes inside the card (" + (configured ? settings : "first PC/SC reader") + ")");
        this.settings = settings;
        putService(new Spi(this, "KeyStore", "SecFuNet", "org.secfunet.jca.keystore.CardKeyStoreSpi", Map.of()));
        putService(new Spi(this, "KeyManagerFactory", "SecFuNet", "org.secfunet.jca.keystore.CardKeyManagerFactorySpi", Map.of()));
        for (String alg : SIGNATURES) {
            putService(new Spi(this, "Signature", alg, "org.secfunet.jca.sign.CardSignatureSpi", Map.of("SupportedKeyClasses", KEY_CLASS)));
        }
        for (String alg : PSS_NAMES) {
            putService(new Spi(this, "Signature", alg, "org.secfunet.jca.sign.CardSignatureSpi",
                    Map.of("SupportedKeyClasses", KEY_CLASS + "|java.security.interfaces.RSAPublicKey")));
        }
        putService(new Spi(this, "SSLContext", "SecFuNet", "org.secfunet.jca.ssl.CardSslContextSpi", Map.of()));
    }

    /**
     * A provider for the readers and settings in {@code config} (a reader address, several separated
     * by {@code ;}, settings, or a {@code .conf} file: see {@link JcaSettings}).
     *
     * @throws IllegalArgumentException the configuration is wrong (the message says where)
     */
    @Override
    public Provider configure(String config) {
        return new SecFuNetProvider(JcaSettings.parse(config), true);
    }

    @Override
    public boolean isConfigured() {
        return true; // unconfigured, it serves the first PC/SC reader
    }

    public JcaSettings settings() {
        return settings;
    }

    /** The cards behind this provider, opened on first use and shared by every service it made. */
    public CardBank bank() {
        CardBank b = bank;
        if (b == null) {
            synchronized (this) {
                b = bank;
                if (b == null) {
                    b = new CardBank(settings, Readers.discover());
                    bank = b;
                }
            }
        }
        return b;
    }

    /**
     * A service whose implementation is made with this provider's card bank (or, for signatures,
     * with its algorithm name): {@code new Impl(CardBank)}, {@code new Impl(String algorithm)}.
     */
    private static final class Spi extends Service {
        private final SecFuNetProvider owner;

        Spi(SecFuNetProvider owner, String type, String algorithm, String className, Map<String, String> attributes) {
            super(owner, type, algorithm, className, null, attributes);
            this.owner = owner;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            try {
                Class<?> c = Class.forName(getClassName(), true, SecFuNetProvider.class.getClassLoader());
                if (getType().equals("Signature")) {
                    return c.getConstructor(String.class).newInstance(getAlgorithm());
                }
                return c.getConstructor(CardBank.class).newInstance(owner.bank());
            } catch (InvocationTargetException e) {
                throw new NoSuchAlgorithmException("cannot make " + getType() + "." + getAlgorithm() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new NoSuchAlgorithmException("cannot make " + getType() + "." + getAlgorithm() + ": " + e, e);
            }
        }
    }
}
