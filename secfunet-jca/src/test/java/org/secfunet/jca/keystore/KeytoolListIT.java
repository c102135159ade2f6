package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;

/** The JDK's own keytool, loading the provider from a class path as a third-party provider, lists the card's identity. */
class KeytoolListIT {
    @TempDir
    Path dir;

    private static String keytool(Path store, String storepass, String... more) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString(), "-list", "-storetype", "SecFuNet", "-keystore", "NONE",
                "-providerClass", SecFuNetProvider.class.getName(), "-providerArg", "vcard:" + store,
                "-providerPath", System.getProperty("java.class.path"), "-storepass", storepass));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool ends within 60 s").isTrue();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "\nexit " + p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void keytoolListsTheCardsIdentity() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        String out = keytool(store, "1234");
        assertThat(out).contains("Keystore type: SECFUNET").contains("Keystore provider: SecFuNet").contains("web,")
                .contains("PrivateKeyEntry").contains("exit 0");

        String verbose = keytool(store, "1234", "-v");
        assertThat(verbose).contains("Alias name: web").contains("Owner: CN=alice").contains("exit 0");
    }

    @Test
    void keytoolSaysAWrongPinWithTheTriesLeft() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        String out = keytool(store, "9999");
        assertThat(out).contains("wrong PIN").contains("2 tries left").doesNotContain("exit 0");
        JcaFixtures.assertNoSecret(out, dir, "9999");
    }
}
