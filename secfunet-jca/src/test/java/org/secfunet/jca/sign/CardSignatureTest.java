package org.secfunet.jca.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.keystore.CardPrivateKey;
import org.secfunet.jca.keystore.JcaFixtures;

class CardSignatureTest {
    private static final byte[] MESSAGE = "signed in the card".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @AfterEach
    void removeProvider() {
        JcaFixtures.uninstall();
    }

    private record Card(SecFuNetProvider provider, KeyStore keyStore, PrivateKey key, X509Certificate certificate) {
    }

    private Card card(ThrowawayPki.KeyType type) throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(type), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        KeyStore ks = JcaFixtures.keyStore(p, PIN);
        return new Card(p, ks, (PrivateKey) ks.getKey("web", null), (X509Certificate) ks.getCertificate("web"));
    }

    private static byte[] sign(Card c, String algorithm, PSSParameterSpec pss, byte[] message) throws Exception {
        Signature s = Signature.getInstance(algorithm, c.provider());
        if (pss != null) {
            s.setParameter(pss);
        }
        s.initSign(c.key());
        s.update(message);
        return s.sign();
    }

    /** Verified by the JDK's own provider with the certificate's public key. */
    private static boolean verifiedByTheJdk(Card c, String algorithm, PSSParameterSpec pss, byte[] message, byte[] signature) throws Exception {
        Signature v = Signature.getInstance(algorithm);
        if (pss != null) {
            v.setParameter(pss);
        }
        v.initVerify(c.certificate().getPublicKey());
        assertThat(v.getProvider().getName()).isIn("SunEC", "SunRsaSign");
        v.update(message);
        return v.verify(signature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"})
    void ecdsaSignaturesVerifyWithTheCertificate(String algorithm) throws Exception {
        Card c = card(ThrowawayPki.KeyType.EC_P256);
        byte[] sig = sign(c, algorithm, null, MESSAGE);
        assertThat(verifiedByTheJdk(c, algorithm, null, MESSAGE, sig)).isTrue();
        assertThat(verifiedByTheJdk(c, algorithm, null, "another message".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    /** NONEwithECDSA takes a digest of any length up to 64 bytes and signs it as ECDSA does (fitted to the curve's 32 bytes). */
    @ParameterizedTest
    @ValueSource(ints = {20, 32, 48, 64})
    void noneWithEcdsaSignsADigestOfAnyLengthAsEcdsaDoes(int length) throws Exception {
        Card c = card(ThrowawayPki.KeyType.EC_P256);
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(MESSAGE);
        byte[] input = java.util.Arrays.copyOf(digest, length);
        byte[] sig = sign(c, "NONEwithECDSA", null, input);
        assertThat(verifiedByTheJdk(c, "NONEwithECDSA", null, input, sig)).isTrue();
    }

    @Test
    void noneWithEcdsaRefusesMoreThanADigest() throws Exception {
        Card c = card(ThrowawayPki.KeyType.EC_P256);
        assertThatThrownBy(() -> sign(c, "NONEwithECDSA", null, new byte[65])).isInstanceOf(SignatureException.class)
                .hasMessageContaining("at most 64 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256withRSA", "SHA384withRSA", "SHA512withRSA"})
    void rsaPkcs1SignaturesVerifyWithTheCertificate(String algorithm) throws Exception {
        Card c = card(ThrowawayPki.KeyType.RSA_2048);
        byte[] sig = sign(c, algorithm, null, MESSAGE);
        assertThat(sig).hasSize(256);
        assertThat(verifiedByTheJdk(c, algorithm, null, MESSAGE, sig)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-384", "SHA-512"})
    void rsaPssWithTheTls13ParametersVerifiesWithTheCertificate(String hash) throws Exception {
        Card c = card(ThrowawayPki.KeyType.RSA_2048);
        int len = MessageDigest.getInstance(hash).getDigestLength();
        PSSParameterSpec pss = new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), len, 1);
        byte[] sig = sign(c, "RSASSA-PSS", pss, MESSAGE);
        assertThat(verifiedByTheJdk(c, "RSASSA-PSS", pss, MESSAGE, sig)).isTrue();
    }

    /** Bouncy Castle's names: PSS with the hash fixed (its TLS 1.3 parameters by default). */
    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-384", "SHA-512"})
    void pssWithAFixedHashVerifiesAsRsassaPss(String hash) throws Exception {
        Card c = card(ThrowawayPki.KeyType.RSA_2048);
        int len = MessageDigest.getInstance(hash).getDigestLength();
        PSSParameterSpec pss = new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), len, 1);
        byte[] sig = sign(c, hash.replace("-", "") + "withRSAandMGF1", null, MESSAGE);
        assertThat(verifiedByTheJdk(c, "RSASSA-PSS", pss, MESSAGE, sig)).isTrue();
        assertThatThrownBy(() -> Signature.getInstance("SHA256withRSAandMGF1", c.provider())
                .setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)))
                .isInstanceOf(InvalidAlgorithmParameterException.class).hasMessageContaining("signs with SHA-256");
    }

    /** NONEwithRSA takes the DigestInfo of a SHA-2 digest (Bouncy Castle's TLS 1.2) and gives the PKCS#1 signature of the digest. */
    @Test
    void noneWithRsaSignsADigestInfo() throws Exception {
        Card c = card(ThrowawayPki.KeyType.RSA_2048);
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(MESSAGE);
        byte[] info = new org.bouncycastle.asn1.x509.DigestInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha384, org.bouncycastle.asn1.DERNull.INSTANCE), digest).getEncoded("DER");
        byte[] sig = sign(c, "NONEwithRSA", null, info);
        assertThat(verifiedByTheJdk(c, "SHA384withRSA", null, MESSAGE, sig)).isTrue();
        assertThatThrownBy(() -> sign(c, "NONEwithRSA", null, new byte[36])).isInstanceOf(SignatureException.class)
                .hasMessageContaining("DigestInfo of a SHA-256, SHA-384 or SHA-512 digest");
    }

    @Test
    void pssWithOtherParametersIsRefusedNamingWhatTheCardDoes() throws Exception {
        Card c = card(ThrowawayPki.KeyType.RSA_2048);
        Signature s = Signature.getInstance("RSASSA-PSS", c.provider());
        for (PSSParameterSpec wrong : new PSSParameterSpec[] {
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1),
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1),
                new PSSParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, 20, 1),
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 2)}) {
            assertThatThrownBy(() -> s.setParameter(wrong)).isInstanceOf(InvalidAlgorithmParameterException.class)
                    .hasMessageContaining("the card signs RSASSA-PSS with SHA-256, SHA-384 or SHA-512, MGF1 with the same hash and a salt as long as the hash");
        }
        assertThatThrownBy(() -> s.setParameter(new ECGenParameterSpec("secp256r1"))).isInstanceOf(InvalidAlgorithmParameterException.class)
                .hasMessageContaining("PSSParameterSpec");
        s.initSign(c.key());
        assertThatThrownBy(() -> s.update(MESSAGE)).isInstanceOf(SignatureException.class).hasMessageContaining("set the RSASSA-PSS parameters");
    }

    @Test
    void onlyCardKeysOfTheRightTypeAreTaken() throws Exception {
        Card c = card(ThrowawayPki.KeyType.EC_P256);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey software = g.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> Signature.getInstance("SHA256withECDSA", c.provider()).initSign(software)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("only card keys");
        assertThatThrownBy(() -> Signature.getInstance("SHA256withRSA", c.provider()).initSign(c.key())).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("needs an RSA key");
        assertThatThrownBy(() -> Signature.getInstance("SHA256withECDSA", c.provider()).setParameter(MGF1ParameterSpec.SHA256))
                .isInstanceOf(InvalidAlgorithmParameterException.class).hasMessageContaining("takes no parameters");
    }

    @Test
    void verificationIsHandedToTheJdk() throws Exception {
        Card c = card(ThrowawayPki.KeyType.EC_P256);
        byte[] sig = sign(c, "SHA256withECDSA", null, MESSAGE);
        Signature v = Signature.getInstance("SHA256withECDSA", c.provider());
        v.initVerify(c.certificate());
        v.update(MESSAGE);
        assertThat(v.verify(sig)).isTrue();
    }

    /** With the provider at the end of the list, JCA's delayed selection sends card keys here and software keys to SunEC/SunRsaSign. */
    @Test
    void delayedSelectionRoutesOnlyCardKeysHere() throws Exception {
        Card ec = card(ThrowawayPki.KeyType.EC_P256);
        JcaFixtures.install(ec.provider());
        assertThat(java.security.Security.getProviders()[java.security.Security.getProviders().length - 1]).isSameAs(ec.provider());

        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ec.key());
        assertThat(s.getProvider()).isSameAs(ec.provider());
        s.update(MESSAGE);
        assertThat(verifiedByTheJdk(ec, "SHA256withECDSA", null, MESSAGE, s.sign())).isTrue();

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Signature soft = Signature.getInstance("SHA256withECDSA");
        soft.initSign(g.generateKeyPair().getPrivate());
        assertThat(soft.getProvider().getName()).isEqualTo("SunEC");

        KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA");
        rg.initialize(2048);
        Signature rsaSoft = Signature.getInstance("RSASSA-PSS");
        rsaSoft.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        rsaSoft.initSign(rg.generateKeyPair().getPrivate());
        assertThat(rsaSoft.getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void withoutAnyPinTheSignatureSaysWhereToGiveIt() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        KeyStore ks = JcaFixtures.keyStore(p, null);
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign((PrivateKey) ks.getKey("web", null));
        s.update(MESSAGE);
        assertThatThrownBy(s::sign).isInstanceOf(SignatureException.class).hasMessageContaining("no PIN for the card key 'web'");

        s.initSign((PrivateKey) ks.getKey("web", PIN));
        s.update(MESSAGE);
        assertThat(s.sign()).isNotEmpty();
    }

    @Test
    void theProvidersPinSettingServesAKeyStoreLoadedWithoutOne() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider("vcard:" + store + ";pin=pass:1234");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        assertThat(key).isInstanceOf(CardPrivateKey.class);
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign(key);
        s.update(MESSAGE);
        Card c = new Card(p, ks, key, (X509Certificate) ks.getCertificate("web"));
        assertThat(verifiedByTheJdk(c, "SHA256withECDSA", null, MESSAGE, s.sign())).isTrue();
    }
}
