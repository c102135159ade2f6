package org.secfunet.card.eaptls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;

/**
 * Issuer commands, gated by the unblock PIN (the draft's Secure(ISSUER) level): PUT DATA for the
 * credential object ({@code A0 D0 0m tt}, P1 bit 0 More) and Add/Delete-Identity ({@code A0 17 0p 81/82}).
 */
final class Personalization {
    static final int PRIVATE_KEY = 0x01;
    static final int CHAIN_APPEND = 0x02;
    static final int CA_ADD = 0x03;
    static final int CLEAR_CREDENTIALS = 0x04;
    static final int CLEAR_CAS = 0x05;
    static final int TLS_VERSIONS = 0x06;

    private Personalization() {
    }

    static ResponseApdu putData(EapTlsApplet a, CommandApdu c) {
        ResponseApdu gate = a.requirePuk();
        if (gate != null) {
            return gate;
        }
        byte[] data = a.engine().collect(c);
        if (data == null) {
            return ResponseApdu.of(StatusWord.OK);
        }
        EapCardImage img = a.store().image();
        try {
            switch (c.p2()) {
                case PRIVATE_KEY -> {
                    PrivateKey k = Credentials.privateKey(data);
                    img.chain.clear();
                    img.privateKey = EapTlsApplet.b64(data);
                    img.publicKey = null;
                }
                case CHAIN_APPEND -> {
                    X509Certificate cert = Credentials.cert(data);
                    if (img.chain.isEmpty() && img.privateKey != null
                            && !KeyMatch.matches(Credentials.privateKey(java.util.Base64.getDecoder().decode(img.privateKey)), cert)) {
                        return ResponseApdu.of(StatusWord.WRONG_DATA);
                    }
                    if (img.chain.isEmpty()) {
                        img.publicKey = EapTlsApplet.b64(cert.getPublicKey().getEncoded());
                    }
                    img.chain.add(EapTlsApplet.b64(data));
                }
                case CA_ADD -> {
                    Credentials.cert(data);
                    String b = EapTlsApplet.b64(data);
                    if (!img.caCerts.contains(b)) {
                        img.caCerts.add(b);
                    }
                }
                case CLEAR_CREDENTIALS -> {
                    img.chain.clear();
                    img.privateKey = null;
                    img.publicKey = null;
                }
                case CLEAR_CAS -> img.caCerts.clear();
                case TLS_VERSIONS -> {
                    List<String> v = Arrays.stream(new String(data, StandardCharsets.US_ASCII).split(",")).map(String::strip).toList();
                    if (v.isEmpty() || !List.of("1.2", "1.3").containsAll(v)) {
                        return ResponseApdu.of(StatusWord.WRONG_DATA);
                    }
                    img.tlsVersions = new java.util.ArrayList<>(v);
                }
                default -> {
                    return ResponseApdu.of(StatusWord.WRONG_P1P2);
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
        a.store().update(img);
        return ResponseApdu.of(StatusWord.OK);
    }

    /** Add (P2 81: "label\0eap-id\0role", P1 01 also makes it preferred) or delete (P2 82: label) an identity. */
    static ResponseApdu identity(EapTlsApplet a, CommandApdu c) {
        ResponseApdu gate = a.requirePuk();
        if (gate != null) {
            return gate;
        }
        EapCardImage img = a.store().image();
        String text = new String(c.data(), StandardCharsets.UTF_8);
        if (c.p2() == 0x82) {
            boolean removed = img.identities.removeIf(i -> i.label.equals(text));
            if (!removed) {
                return ResponseApdu.of(0x6A88);
            }
            if (text.equals(img.preferred)) {
                img.preferred = img.identities.isEmpty() ? null : img.identities.get(0).label;
            }
            a.store().update(img);
            return ResponseApdu.of(StatusWord.OK);
        }
        String[] f = text.split("\0", -1);
        if (f.length != 3 || f[0].isEmpty() || f[0].length() > 64 || f[1].length() > 253 || !(f[2].equals("peer") || f[2].equals("server"))) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        img.identities.removeIf(i -> i.label.equals(f[0]));
        EapCardImage.Identity id = new EapCardImage.Identity();
        id.label = f[0];
        id.eapId = f[1];
        id.role = f[2];
        img.identities.add(id);
        if (img.preferred == null || (c.p1() & 0x01) != 0) {
            img.preferred = id.label;
        }
        a.store().update(img);
        return ResponseApdu.of(StatusWord.OK);
    }

    /**
     * Key generation inside the card ({@code A0 D4 tt 00}, tt: 01 EC P-256, 02 EC P-384, 03 RSA-2048,
     * 04 RSA-3072, 05 RSA-4096): the new key replaces the old one and the chain is cleared (the host
     * makes a CSR with mode-1 signatures and imports the issued certificate). Answers the public key
     * (SubjectPublicKeyInfo); the private key never leaves.
     */
    static ResponseApdu generateKey(EapTlsApplet a, CommandApdu c) {
        ResponseApdu gate = a.requirePuk();
        if (gate != null) {
            return gate;
        }
        try {
            java.security.KeyPairGenerator g;
            switch (c.p1()) {
                case 1, 2 -> {
                    g = java.security.KeyPairGenerator.getInstance("EC");
                    g.initialize(new java.security.spec.ECGenParameterSpec(c.p1() == 1 ? "secp256r1" : "secp384r1"));
                }
                case 3, 4, 5 -> {
                    g = java.security.KeyPairGenerator.getInstance("RSA");
                    g.initialize(c.p1() == 3 ? 2048 : c.p1() == 4 ? 3072 : 4096);
                }
                default -> {
                    return ResponseApdu.of(StatusWord.WRONG_P1P2);
                }
            }
            java.security.KeyPair kp = g.generateKeyPair();
            EapCardImage img = a.store().image();
            img.privateKey = EapTlsApplet.b64(kp.getPrivate().getEncoded());
            img.publicKey = EapTlsApplet.b64(kp.getPublic().getEncoded());
            img.chain.clear();
            a.store().update(img);
            return a.engine().answer(c, kp.getPublic().getEncoded(), StatusWord.OK);
        } catch (GeneralSecurityException e) {
            return ResponseApdu.of(StatusWord.NO_PRECISE_DIAGNOSIS);
        }
    }
}
