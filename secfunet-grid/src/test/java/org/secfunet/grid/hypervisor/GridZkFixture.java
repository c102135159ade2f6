package org.secfunet.grid.hypervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.SeHealth;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.ServerInfo;
import org.secfunet.coord.ZkTesting;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.racs.SeConnector;
import org.secfunet.grid.racs.client.ServerFingerprint;

/**
 * What the grid's ZooKeeper-mode integration tests set up alike: the {@code [zookeeper]} table of a
 * service's TOML with the grid's credentials ({@link ZkTesting}), an s_hypervisor's TOML in
 * ZooKeeper mode, a RACS server's TLS and users tables, the grid's PEM files, the software EAP-TLS cards under a web CA, a RACS server
 * of {@code vcard:} cards and its registration by hand, and closing what a test opened.
 */
public final class GridZkFixture {
    private GridZkFixture() {
    }

    /** The {@code [zookeeper]} table for the ZooKeeper at {@code connect} (without {@code retry_count}, which the service appends if it wants one). */
    public static String zookeeperTable(String connect) {
        return """
                [zookeeper]
                connect = "%s"
                user = "%s"
                password = "pass:%s"
                session_timeout_ms = %d
                connection_timeout_ms = 2000
                retry_base_ms = 50
                retry_max_ms = 500
                """.formatted(connect, ZkTesting.USER, ZkTesting.PASSWORD, ZkTesting.SESSION_MS);
    }

    /**
     * An s_hypervisor named {@code name} in ZooKeeper mode on {@code connect}, with the files of
     * {@link #gridPki}: its top-level keys (with {@code topLevel} after {@code name}), its
     * {@code [tls]}, {@code [racs]} and {@code [zookeeper]} tables (10 retries); the caller appends
     * the rest.
     */
    public static String hypervisorToml(String name, String topLevel, String connect) {
        return """
                listen = "127.0.0.1:0"
                name = "%s"
                %s[tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [racs]
                cert = "hypervisor-racs.pem"
                key = "hypervisor-racs.key"
                ca = "grid-ca.pem"
                """.formatted(name, topLevel) + zookeeperTable(connect) + "retry_count = 10\n";
    }

    /** A RACS server's {@code [tls]} table with the files of {@link #gridPki} and its {@code [users]} table, {@code client} allowed every SE. */
    public static String racsTlsAndUsers(String client) {
        return """
                [tls]
                cert = "racs-server.pem"
                key = "racs-server.key"
                client_ca = "grid-ca.pem"
                [users]
                "%s" = ["*"]
                """.formatted(client);
    }

    /** The grid CA in {@code dir} with the RACS server's, the hypervisor's and the hypervisor's RACS client's files. */
    public static GridPki gridPki(Path dir) throws Exception {
        GridPki pki = new GridPki(dir);
        pki.issue("racs-server", true);
        pki.issue("hypervisor", true);
        pki.issue("hypervisor-racs", false);
        return pki;
    }

    /** A web CA and, for each SEID, a software EAP-TLS card {@code dir/SEID.sfn} (PIN {@code pin}, client SEID@lab.local); returns the CA. */
    public static ThrowawayPki cards(Path dir, String pin, List<String> seids) throws Exception {
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        for (String seid : seids) {
            ThrowawayPki.Credential c = web.client(seid + "@lab.local");
            EapCards.personalized(dir.resolve(seid + ".sfn"), "card " + seid, pin.toCharArray(), "12345678".toCharArray(),
                    c.key(), c.certificate(), web.ca().certificate(), "web", seid + "@lab.local");
        }
        return web;
    }

    /**
     * Starts a RACS server from {@code dir/NAME.toml}, written as {@code head} and an {@code [[se]]}
     * table for each SEID (reader {@code vcard:SEID.sfn}), its cards opened by {@code connector}.
     */
    public static RacsServer racsServer(Path dir, String name, String head, List<String> seids, SeConnector connector) throws Exception {
        StringBuilder rc = new StringBuilder(head);
        for (String s : seids) {
            rc.append("[[se]]\nseid = \"").append(s).append("\"\nreader = \"vcard:").append(s).append(".sfn\"\n");
        }
        Path file = dir.resolve(name + ".toml");
        Files.writeString(file, rc.toString());
        return new RacsServer(RacsServerConfig.load(file), connector).start();
    }

    /** Registers the RACS server {@code name} on {@code port} (its certificate {@code dir/racs-server.pem}) and its SEs through {@code reg}. */
    public static ServerInfo register(GridCoordinator reg, String name, int port, Path dir, List<String> seids) throws Exception {
        // what the server itself would register: the SHA-256 of its leaf certificate's DER
        String sha = ServerFingerprint.sha256Hex(PemTls.certificates(dir.resolve("racs-server.pem")).get(0));
        ServerInfo info = new ServerInfo(name, "127.0.0.1:" + port, sha);
        reg.registry().registerServer(info);
        for (String s : seids) {
            reg.registry().registerSe(new SeInfo(s, name, "vcard", "", List.of(), SeHealth.OK));
        }
        return info;
    }

    /** Closes {@code opened}, the last opened first, each even when one before it failed. */
    public static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
