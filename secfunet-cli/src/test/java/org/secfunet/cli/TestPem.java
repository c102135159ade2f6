package org.secfunet.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** PEM files of test credentials, as a user would give them to `secfunet card import` or a server. */
final class TestPem {
    private TestPem() {
    }

    static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** The credential's private key (PKCS#8) and its certificate, each in its PEM file. */
    static void write(ThrowawayPki.Credential c, Path key, Path cert) throws IOException {
        Files.writeString(key, pem(new JcaPKCS8Generator(c.key(), null).generate()));
        Files.writeString(cert, pem(c.certificate()));
    }
}
