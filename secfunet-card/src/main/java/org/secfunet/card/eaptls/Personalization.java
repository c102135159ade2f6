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
import org.secfunet.pcsc.eapcard.EapCardCommands.Identity;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyType;
import org.secfunet.pcsc.eapcard.EapCardCommands.PutData;

/**
 * Issuer commands, gated by the unblock PIN (the draft's Secure(ISSUER) level): PUT DATA for the
 * credential object ({@code A0 D0 0m tt}, P1 bit 0 More) and Add/Delete-Identity ({@code A0 17 0p 81/82}),
 * with the codes of {@link org.secfunet.pcsc.eapcard.EapCardCommands}.
 */
final class Personalization {
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
                case PutData.PRIVATE_KEY -> {
                    PrivateKey k = Credentials.privateKey(data);
                    img.chain.clear();
                    img.privateKey = EapTlsApplet.b64(data);
                    img.publicKey = null;
                }
                case PutData.CHAIN_APPEND -> {
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
                case PutData.CA_ADD -> {
                    Credentials.cert(data);
                    String b = EapTlsApplet.b64(data);
                    if (!img.caCerts.contains(b)) {
                        img.caCerts.add(b);
                    }
                }
                case PutData.CLEAR_CREDENTIALS -> {
                    img.chain.clear();
                    img.privateKey = null;
                    img.publicKey = null;
                }
                case PutData.CLEAR_CAS -> img.caCerts.clear();
                case PutData.TLS_VERSIONS -> {
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
        if (c.p2() == Identity.DELETE) {
            boolean removed = img.identities.removeIf(i -> i.label.equals(text));
            if (!removed) {
                return ResponseApdu.of(StatusWord.REFERENCED_DATA_NOT_FOUND);
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
        if (img.preferred == null || (c.p1() & Identity.MAKE_PREFERRED) != 0) {
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
                case KeyType.EC_P256, KeyType.EC_P384 -> {
                    g = java.security.KeyPairGenerator.getInstance("EC");
                    g.initialize(new java.security.spec.ECGenParameterSpec(c.p1() == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
                }
                case KeyType.RSA_2048, KeyType.RSA_3072, KeyType.RSA_4096 -> {
                    g = java.security.KeyPairGenerator.getInstance("RSA");
                    g.initialize(c.p1() == KeyType.RSA_2048 ? 2048 : c.p1() == KeyType.RSA_3072 ? 3072 : 4096);
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
