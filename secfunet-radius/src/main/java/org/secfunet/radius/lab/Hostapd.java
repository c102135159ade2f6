package org.secfunet.radius.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** hostapd's integrated EAP/RADIUS server as a private foreground process (no radio: driver=none). */
public final class Hostapd {
    private Hostapd() {
    }

    /**
     * @param trustedCas PEM bundle trusted for client certificates
     * @param tls13      enable TLS 1.3 (off by default in hostapd 2.10)
     */
    public static LabProcess start(Path dir, int port, String secret, Path serverCert, Path serverKey, Path trustedCas, boolean tls13)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("hostapd.eap_user"), "* TLS\n");
        Files.writeString(dir.resolve("hostapd.clients"), "127.0.0.1/32 " + secret + "\n");
        Files.writeString(dir.resolve("hostapd.conf"), String.join("\n",
                "driver=none", "interface=sfn" + port, "logger_stdout=-1", "logger_stdout_level=1", "eap_server=1",
                "eap_user_file=" + dir.resolve("hostapd.eap_user"), "ca_cert=" + trustedCas, "server_cert=" + serverCert,
                "private_key=" + serverKey, "server_id=" + RadiusPki.SERVER_NAME,
                "tls_flags=" + (tls13 ? "[ENABLE-TLSv1.3]" : "[DISABLE-TLSv1.3]"),
                "radius_server_clients=" + dir.resolve("hostapd.clients"), "radius_server_auth_port=" + port, "radius_server_acct_port=0", ""));
        return LabProcess.start("hostapd", dir, "AP-ENABLED", "hostapd", "-d", dir.resolve("hostapd.conf").toString());
    }

    /** As above on a free loopback UDP port ({@link LabProcess#port()}), tried again on a new one if another process takes it first. */
    public static LabProcess start(Path dir, String secret, Path serverCert, Path serverKey, Path trustedCas, boolean tls13)
            throws IOException, InterruptedException {
        return LabProcess.onFreeUdpPort(port -> start(dir, port, secret, serverCert, serverKey, trustedCas, tls13));
    }

    /** hostapd's EAP-SIM and EAP-AKA server ("1"… identities SIM, "0"… AKA), asking the authentication centre on {@code aucSocket}. */
    public static LabProcess startSimAka(Path dir, int port, String secret, Path aucSocket) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("hostapd-sim.eap_user"), "\"1\"*\tSIM\n\"0\"*\tAKA\n");
        Files.writeString(dir.resolve("hostapd-sim.clients"), "127.0.0.1/32 " + secret + "\n");
        Files.writeString(dir.resolve("hostapd-sim.conf"), String.join("\n",
                "driver=none", "interface=sfs" + port, "logger_stdout=-1", "logger_stdout_level=1", "eap_server=1",
                "eap_user_file=" + dir.resolve("hostapd-sim.eap_user"), "eap_sim_db=unix:" + aucSocket,
                "radius_server_clients=" + dir.resolve("hostapd-sim.clients"), "radius_server_auth_port=" + port, "radius_server_acct_port=0", ""));
        return LabProcess.start("hostapd", dir, "AP-ENABLED", "hostapd", "-d", dir.resolve("hostapd-sim.conf").toString());
    }
}
