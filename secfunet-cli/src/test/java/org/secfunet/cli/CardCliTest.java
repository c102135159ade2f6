package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** Personalizing a software EAP-TLS card with `secfunet card …`, in process. */
class CardCliTest {
    @TempDir
    Path dir;

    @Test
    void initImportTrustIdentifyShowChangeAndCsr() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("cli CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki.Credential c = pki.client("card@cli.test");
        Path key = dir.resolve("card.key");
        Path cert = dir.resolve("card.pem");
        Path ca = dir.resolve("ca.pem");
        TestPem.write(c, key, cert);
        Files.writeString(ca, TestPem.pem(pki.ca().certificate()));
        String store = dir.resolve("card.sfn").toString();
        String r = "vcard:" + store;

        assertThat(Cli.run("card", "init", "--store", store, "--pin", "pass:1234", "--puk", "pass:87654321").exit()).isZero();
        Cli imp = Cli.run("card", "import", "-r", r, "--key", key.toString(), "--cert", cert.toString(), "--puk", "pass:87654321");
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("CN=card@cli.test");
        assertThat(Cli.run("card", "ca", "add", "-r", r, "--cert", ca.toString(), "--puk", "pass:87654321").out()).contains("trusted: CN=cli CA");
        assertThat(Cli.run("card", "set-identity", "-r", r, "--label", "wifi", "--eap-id", "card@cli.test", "--puk", "pass:87654321").exit()).isZero();

        Cli show = Cli.run("card", "show", "-r", r);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("PIN: 3 tries left").contains("identities: wifi").contains("preferred: wifi")
                .contains("CN=card@cli.test").contains("CN=cli CA");
        assertThat(show.out() + show.err()).doesNotContain("PRIVATE");

        Cli wrong = Cli.run("card", "pin", "change", "-r", r, "--old", "pass:0000", "--new", "pass:4321");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err().strip()).isEqualTo("secfunet card pin change: CHANGE PIN: PIN wrong or not verified, 2 tries left");
        assertThat(Cli.run("card", "pin", "change", "-r", r, "--old", "pass:1234", "--new", "pass:4321").exit()).isZero();

        Path req = dir.resolve("req.pem");
        Cli csr = Cli.run("card", "csr", "-r", r, "--subject", "CN=card@cli.test", "--pin", "pass:4321", "-o", req.toString());
        assertThat(csr.exit()).as(csr.err()).isZero();
        try (PEMParser p = new PEMParser(Files.newBufferedReader(req))) {
            PKCS10CertificationRequest pr = (PKCS10CertificationRequest) p.readObject();
            assertThat(pr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(c.certificate().getPublicKey()))).isTrue();
        }

        Cli gen = Cli.run("card", "keygen", "-r", r, "--type", "ec-p384", "--puk", "pass:87654321");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("-----BEGIN PUBLIC KEY-----");
        assertThat(Cli.run("card", "keygen", "-r", r, "--type", "dsa", "--puk", "pass:87654321").err()).contains("unknown key type 'dsa'");
        assertThat(Cli.run("card", "import", "-r", r, "--puk", "pass:87654321").exit()).isEqualTo(2);
    }
}
