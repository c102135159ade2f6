package org.secfunet.radius.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** wpa_supplicant's eapol_test as the EAP-TLS peer (file-based credentials), one process per run. */
public final class WpaEapolTest {
    /** Exit code, whole output, and the last line (SUCCESS / FAILURE). */
    public record Run(int exit, String output) {
        public boolean success() {
            return exit == 0 && output.strip().endsWith("SUCCESS");
        }

        public boolean mppeOk() {
            return output.contains("MPPE keys OK: 1  mismatch: 0");
        }

        public boolean tls13() {
            return output.contains("Server selected cipher suite 0x130") || output.contains("ACKing Commitment Message");
        }
    }

    private WpaEapolTest() {
    }

    public static Run run(Path dir, String name, int port, String secret, String identity, Path clientCert, Path clientKey, Path serverCa,
                          boolean tls13, int timeoutSeconds) throws IOException, InterruptedException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, String.join("\n", "network={", "  key_mgmt=WPA-EAP", "  eap=TLS", "  identity=\"" + identity + "\"",
                "  ca_cert=\"" + serverCa + "\"", "  client_cert=\"" + clientCert + "\"", "  private_key=\"" + clientKey + "\"",
                "  domain_suffix_match=\"" + RadiusPki.SERVER_NAME + "\"", "  phase1=\"tls_disable_tlsv1_3=" + (tls13 ? 0 : 1) + "\"",
                "  eapol_flags=0", "}", ""));
        return exec(dir, name, List.of("eapol_test", "-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-s", secret,
                "-t", Integer.toString(timeoutSeconds)), timeoutSeconds);
    }

    /** eapol_test with the SIM/USIM in a PC/SC reader (pcsc=""), method SIM or AKA. */
    public static Run runCard(Path dir, String name, int port, String secret, String method, String identity, String reader, String pin,
                              int timeoutSeconds) throws IOException, InterruptedException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, String.join("\n", "network={", "  key_mgmt=WPA-EAP", "  eap=" + method, "  identity=\"" + identity + "\"",
                "  pcsc=\"\"", "  pin=\"" + pin + "\"", "  eapol_flags=0", "}", ""));
        return exec(dir, name, List.of("eapol_test", "-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-s", secret,
                "-t", Integer.toString(timeoutSeconds), "-R", reader, "-P", pin), timeoutSeconds);
    }

    /**
     * Runs eapol_test with its output in {@code dir/name.out}, waiting at most its own timeout plus
     * 10 s (the output goes to a file, so the wait is bounded even if it never ends).
     */
    private static Run exec(Path dir, String name, List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds + 10L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("eapol_test did not end in " + (timeoutSeconds + 10) + " s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
