package org.secfunet.grid.net;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Mutually authenticated TLS from PEM files, the way openssl users keep them: a key (PKCS#8 or
 * traditional), its certificate chain, and the CA(s) that vouch for the other side. Every grid
 * service and client builds its {@link SSLContext} here. Files are capped in size.
 */
public final class PemTls {
    /** No PEM file we read may be larger than this. */
    public static final int MAX_FILE = 1 << 20;

    private PemTls() {
    }

    /** Key + chain + trusted CAs -> an SSLContext (TLS 1.2/1.3) that presents the chain and trusts only those CAs. */
    public static SSLContext context(Path key, Path chain, Path cas) throws IOException, GeneralSecurityException {
        return context(privateKey(key), certificates(chain), certificates(cas));
    }

    public static SSLContext context(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate for the key");
        }
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("no trusted CA certificate");
        }
        try {
            char[] none = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, none);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ts.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build the key store: " + e.getMessage(), e);
        }
    }

    /** Every certificate in a PEM file, in order. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(reader(file))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(new JcaX509CertificateConverter().getCertificate(h));
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return out;
    }

    /** The first private key in a PEM file (unencrypted PKCS#8, or a traditional EC/RSA key). */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser p = new PEMParser(reader(file))) {
            Object o;
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            while ((o = p.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getKeyPair(pair).getPrivate();
                }
            }
        }
        throw new GeneralSecurityException(file + " holds no unencrypted PEM private key");
    }

    private static Reader reader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + " is larger than " + MAX_FILE + " bytes");
        }
        return new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
    }
}
