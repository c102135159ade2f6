package org.secfunet.jca.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.lab.NginxLab;

/**
 * An unmodified Java program (src/test/fixtures/PlainHttpsClient.java: it imports nothing of
 * secfunet, run by the JDK's source launcher) reaching nginx with the card's certificate, with
 * nothing but the JVM options docs/jca.md gives: a java.security fragment adding the provider with
 * its reader, the SecFuNet key store type with keyStore NONE, and the PIN as the key store password
 * or from an environment variable named in the provider's configuration.
 */
class UnmodifiedProgramIT {
    private static final Path FIXTURE = Path.of("src/test/fixtures/PlainHttpsClient.java");

    @TempDir
    Path dir;

    @Test
    void withThePinAsKeyStorePassword() throws Exception {
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        try (NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.2 TLSv1.3")) {
            String out = run(pki, "vcard:" + store, List.of("-Djavax.net.ssl.keyStorePassword=1234"), Map.of(), nginx);
            assertThat(out).isEqualTo("200 CN=card@test.local|TLSv1.3");
        }
    }

    @Test
    void withThePinFromAnEnvironmentVariableNamedInTheConfiguration() throws Exception {
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.RSA_2048);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        try (NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.2 TLSv1.3")) {
            String out = run(pki, "vcard:" + store + ";pin=env:CARD_PIN", List.of(), Map.of("CARD_PIN", "1234"), nginx);
            assertThat(out).isEqualTo("200 CN=card@test.local|TLSv1.3");
        }
    }

    @Test
    @SuppressWarnings("try") // the served card is held open for the body, never named in it
    void withTheCardInsidePcscd() throws Exception {
        PcscLab.require();
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        try (VcardServer served = PcscLab.serve(store);
             NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.2")) {
            String out = run(pki, PcscLab.reader(0), List.of("-Djavax.net.ssl.keyStorePassword=1234"), Map.of(), nginx);
            assertThat(out).isEqualTo("200 CN=card@test.local|TLSv1.2");
        }
    }

    @Test
    void theFixtureImportsNothingOfSecfunet() throws Exception {
        assertThat(Files.readAllLines(FIXTURE)).filteredOn(l -> l.startsWith("import ")).isNotEmpty()
                .allMatch(l -> l.startsWith("import java.")).noneMatch(l -> l.contains("secfunet"));
    }

    /** Runs the fixture in a new JVM with the provider's jars on the class path and only JVM options; its one line of output. */
    private String run(ThrowawayPki pki, String providerConfig, List<String> extra, Map<String, String> env, NginxLab nginx) throws Exception {
        Path security = dir.resolve("secfunet.java.security");
        // the JDK's list has 12 providers; the 13th is appended after them (delayed selection still finds it for card keys)
        Files.writeString(security, "security.provider.13=org.secfunet.jca.SecFuNetProvider " + providerConfig + "\n", StandardCharsets.UTF_8);
        Path trust = dir.resolve("trust.p12");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", pki.ca().certificate());
        try (var o = Files.newOutputStream(trust)) {
            ts.store(o, "changeit".toCharArray());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.smartcardio/sun.security.smartcardio=ALL-UNNAMED",
                "-Djava.security.properties=" + security,
                "-Djavax.net.ssl.keyStoreType=SecFuNet", "-Djavax.net.ssl.keyStore=NONE",
                "-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=changeit"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", providerClassPath(), FIXTURE.toString(), nginx.uri().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the program did not end within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as("exit of the program; its output: %s; nginx: %s", out, nginx.log()).isZero();
        List<String> lines = out.lines().filter(l -> !l.startsWith("WARNING")).toList();
        return lines.get(lines.size() - 1);
    }

    /** The provider's jar and its runtime dependencies (target/lib, copied at package time), as a user puts them on a class path. */
    private static String providerClassPath() throws Exception {
        List<String> cp = new ArrayList<>();
        try (var jars = Files.list(Path.of("target"))) {
            jars.filter(j -> j.getFileName().toString().matches("secfunet-jca-.*\\.jar") && !j.getFileName().toString().contains("tests"))
                    .forEach(j -> cp.add(j.toAbsolutePath().toString()));
        }
        cp.add(Path.of("target", "lib").toAbsolutePath() + File.separator + "*");
        return String.join(File.pathSeparator, cp);
    }
}
