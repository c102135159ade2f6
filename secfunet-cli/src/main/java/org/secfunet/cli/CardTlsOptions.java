package org.secfunet.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** s_scard's TLS session options (-tls1_x, -servername, -cipher, -ciphersuites, -CAfile), as the card takes them. */
final class CardTlsOptions {
    @Mixin
    TlsVersionOptions versions;
    @Option(names = "-servername", paramLabel = "HOST", description = "SNI host name the card puts in its ClientHello.")
    String servername;
    @Option(names = "-cipher", paramLabel = "LIST", description = "TLS 1.2 suites, ':'-separated (OpenSSL or IANA names).")
    String cipher;
    @Option(names = "-ciphersuites", paramLabel = "LIST", description = "TLS 1.3 suites, ':'-separated (IANA names).")
    String ciphersuites;
    @Option(names = "-CAfile", paramLabel = "FILE", description = "Only these CAs (already trusted by the card) may validate the server in this session.")
    String caFile;

    /** The card's TLS options for this session. */
    String forCard() {
        List<String> o = new ArrayList<>();
        String version = versions.only();
        if (version != null) {
            o.add("versions=" + version);
        }
        List<String> suites = new ArrayList<>();
        for (String list : new String[] {cipher, ciphersuites}) {
            if (list != null) {
                for (String name : list.split(":")) {
                    suites.add(org.secfunet.eap.tls.engine.AeadSuite.ianaFor(name.strip()));
                }
            }
        }
        if (!suites.isEmpty()) {
            o.add("suites=" + String.join(",", suites));
        }
        if (servername != null) {
            o.add("sni=" + servername);
        }
        if (caFile != null) {
            List<String> fps = new ArrayList<>();
            try {
                for (byte[] der : org.secfunet.card.personalize.CardPersonalizer.certificates(java.nio.file.Path.of(caFile))) {
                    fps.add(org.secfunet.apdu.Hex.encode(java.security.MessageDigest.getInstance("SHA-256").digest(der)));
                }
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new UserException("cannot read -CAfile " + caFile + ": " + e.getMessage(), Errors.USAGE);
            }
            if (fps.isEmpty()) {
                throw new UserException("-CAfile " + caFile + " holds no certificate", Errors.USAGE);
            }
            o.add("cas=" + String.join(",", fps));
        }
        return String.join(";", o);
    }
}
