package org.secfunet.grid.net;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The identity of the authenticated peer of a TLS session: the CN of its certificate. */
public final class PeerNames {
    private PeerNames() {
    }

    /** The CN of the peer's leaf certificate; throws when the peer presented none. */
    public static String commonName(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
            throw new SSLPeerUnverifiedException("the peer presented no X.509 certificate");
        }
        return commonName(x);
    }

    public static String commonName(X509Certificate cert) throws SSLPeerUnverifiedException {
        try {
            LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : dn.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new SSLPeerUnverifiedException("the peer's subject cannot be parsed: " + e.getMessage());
        }
        throw new SSLPeerUnverifiedException("the peer's certificate has no CN");
    }
}
