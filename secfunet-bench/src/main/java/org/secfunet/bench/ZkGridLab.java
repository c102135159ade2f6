package org.secfunet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.demo.LabHypervisorToml;
import org.secfunet.grid.demo.LabRacsToml;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.service.HostPort;
import org.secfunet.service.TomlConfig;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * The grid of {@code bench grid --zookeeper}, on loopback in one JVM: a ZooKeeper server
 * (curator-test's, in this JVM, unless a settings file names a real ensemble), RACS servers with
 * software EAP-TLS cards registered in it, VMs vm-1..vm-V bound to the cards in ZooKeeper (each VM
 * one card of each server in turn), s_hypervisors on ZooKeeper, and one s_hypervisor with the
 * same VMs and cards in its static TOML (the same RACS servers: the only difference is the
 * coordination). Every file is written to {@code dir}.
 */
final class ZkGridLab implements AutoCloseable {
    static final String PIN = "1234";
    static final String USER = "grid";

    private final Path dir;
    private final int servers;
    private final int cardsPerServer;
    private final int vms;
    private final ThrowawayPki web = ThrowawayPki.create("Bench Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
    private final ThrowawayPki grid = ThrowawayPki.create("Bench Grid CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<RacsServer> racs = new ArrayList<>();
    private TestingServer zk;
    private String zkTable;
    private HostPort fourLetter;
    private EmbeddedTlsServer target;
    private GridCoordinator operator;

    private ZkGridLab(Path dir, int servers, int cardsPerServer, int vms) {
        this.dir = dir;
        this.servers = servers;
        this.cardsPerServer = cardsPerServer;
        this.vms = vms;
    }

    /** The shape of a bench grid: {@code servers} RACS servers of {@code cardsPerServer} cards, {@code vms} VMs sharing them. */
    static ZkGridLab start(Path dir, int servers, int cardsPerServer, int vms, Path zookeeper) throws Exception {
        if (servers < 1 || cardsPerServer < 1 || vms < 1 || vms > servers * cardsPerServer) {
            throw new IllegalArgumentException("a bench grid needs at least one server and card, and 1..cards VMs");
        }
        ZkGridLab lab = new ZkGridLab(dir, servers, cardsPerServer, vms);
        try {
            lab.build(zookeeper);
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** A file holding a {@code [zookeeper]} table (other tables and keys ignored). */
    record ZkFile(@com.fasterxml.jackson.annotation.JsonProperty(value = "zookeeper", required = true) CoordSettings.Table zookeeper) {
    }

    private void build(Path zookeeper) throws Exception {
        String root = "/secfunet-bench-" + HexFormat.of().formatHex(randomBytes());
        if (zookeeper == null) {
            zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1, Map.of("4lw.commands.whitelist", "srvr"), "127.0.0.1"), true);
            fourLetter = new HostPort("127.0.0.1", zk.getPort());
            zkTable = table(zk.getConnectString(), root, "pass:bench-" + HexFormat.of().formatHex(randomBytes()), 15_000, 5_000, 200, 5_000, 10);
        } else {
            CoordSettings.Table t = TomlConfig.read(zookeeper, ZkFile.class).zookeeper();
            Path base = zookeeper.toAbsolutePath().getParent();
            CoordSettings s = CoordSettings.of(t, base); // checked as the services will
            String pw = t.password();
            if (pw.startsWith("file:") && !Path.of(pw.substring(5)).isAbsolute()) {
                pw = "file:" + base.resolve(pw.substring(5));
            }
            zkUser = s.user();
            String first = s.connect().split(",")[0];
            fourLetter = HostPort.parse(first, "zookeeper.connect");
            zkTable = table(s.connect(), s.root() + root, pw, s.sessionTimeoutMillis(), s.connectionTimeoutMillis(), s.retryBaseMillis(),
                    s.retryMaxMillis(), s.retryCount());
        }
        Files.writeString(dir.resolve("zookeeper.toml"), zkTable);
        Files.writeString(dir.resolve("grid-ca.pem"), ThrowawayPki.pem(grid.ca().certificate()));
        grid.issueFiles(dir, "racs-server", true);
        grid.issueFiles(dir, "hypervisor", true);
        grid.issueFiles(dir, "hypervisor-racs", false);
        for (int i = 1; i <= cards(); i++) {
            ThrowawayPki.Credential c = web.client("card-" + i + "@lab.local");
            EapCards.personalized(dir.resolve("card-" + i + ".sfn"), "bench card " + i, PIN.toCharArray(), "12345678".toCharArray(),
                    c.key(), c.certificate(), web.ca().certificate(), "web", "card-" + i + "@lab.local");
        }
        ThrowawayPki.Credential server = web.server("localhost");
        target = new EmbeddedTlsServer(server.key(), server.certificate(), web.ca().certificate());
        operator = new GridCoordinator(CoordSettings.load(dir.resolve("zookeeper.toml")), Clock.systemUTC());
        operator.start();
        opened.add(operator);
        for (int s = 1; s <= servers; s++) {
            startRacs(s);
        }
        for (int v = 1; v <= vms; v++) {
            operator.bindings().bind("vm-" + v, seids(v), Set.of(), Set.of());
        }
    }

    private String zkUser = USER;

    private String table(String connect, String root, String password, int session, int connection, int base, int max, int count) {
        return """
                [zookeeper]
                connect = "%s"
                root = "%s"
                user = "%s"
                password = "%s"
                session_timeout_ms = %d
                connection_timeout_ms = %d
                retry_base_ms = %d
                retry_max_ms = %d
                retry_count = %d
                """.formatted(connect, root, zkUser, password, session, connection, base, max, count);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    int cards() {
        return servers * cardsPerServer;
    }

    /** The SEID of card {@code i} (1-based): se1.. on server 1, then server 2's. */
    static String seid(int i) {
        return "se" + i;
    }

    /** The SEIDs bound to VM {@code v}: cards v, v+V, v+2V, ... (with V VMs, so every VM has cards on every server when V divides the cards per server). */
    List<String> seids(int v) {
        List<String> ids = new ArrayList<>();
        for (int i = v; i <= cards(); i += vms) {
            ids.add(seid(i));
        }
        return ids;
    }

    /** RACS server {@code s} (1-based) with its cards, registered in ZooKeeper; fencing optional so that the static hypervisor shares it. */
    private void startRacs(int s) throws Exception {
        String rc = new LabRacsToml("127.0.0.1:0").name("racs-" + s).fencing("optional").cards((s - 1) * cardsPerServer + 1, s * cardsPerServer)
                .tail(zkTable).text();
        Path file = dir.resolve("racs-" + s + ".toml");
        Files.writeString(file, rc);
        RacsServer r = new RacsServer(RacsServerConfig.load(file)).start();
        opened.add(r);
        racs.add(r);
    }

    /** An s_hypervisor on ZooKeeper named {@code name}, with every card's operator-held PIN. */
    Hypervisor zkHypervisor(String name, long keepMillis) throws Exception {
        LabHypervisorToml hv = head(name, keepMillis).append(zkTable);
        for (int i = 1; i <= cards(); i++) {
            hv.card(seid(i), null, "pass:" + PIN);
        }
        return hypervisor(name, hv);
    }

    /** The baseline: an s_hypervisor with the same VMs and cards in its static TOML (racs:// readers to the same servers). */
    Hypervisor staticHypervisor(String name, long keepMillis) throws Exception {
        LabHypervisorToml hv = head(name, keepMillis);
        for (int i = 1; i <= cards(); i++) {
            RacsServer r = racs.get((i - 1) / cardsPerServer);
            hv.card(seid(i), "racs://127.0.0.1:" + r.port() + "/" + seid(i), "pass:" + PIN);
        }
        for (int v = 1; v <= vms; v++) {
            hv.vm("vm-" + v, seids(v));
        }
        return hypervisor(name, hv);
    }

    private static LabHypervisorToml head(String name, long keepMillis) {
        return new LabHypervisorToml("127.0.0.1:0").name(name).queue(60000, 256).limits(100, keepMillis);
    }

    private Hypervisor hypervisor(String name, LabHypervisorToml toml) throws Exception {
        Path file = dir.resolve(name + ".toml");
        Files.writeString(file, toml.text());
        Hypervisor h = new Hypervisor(HypervisorConfig.load(file)).start();
        opened.add(h);
        return h;
    }

    /** A VM's TLS context toward the hypervisors (its certificate has CN = name). */
    SSLContext vm(String name) throws Exception {
        Path[] f = grid.issueFiles(dir, name, false);
        return PemTls.context(f[1], f[0], dir.resolve("grid-ca.pem"));
    }

    int targetPort() {
        return target.port();
    }

    /** Where the ZooKeeper server came from, for the report. */
    String zookeeperWhat() {
        return zk != null ? "ZooKeeper in this JVM (curator-test TestingServer, data in " + zk.getTempDirectory() + ")"
                : "ZooKeeper ensemble " + fourLetter + "...";
    }

    private static final Pattern RECEIVED = Pattern.compile("Received: (\\d+)");

    /**
     * The requests the ZooKeeper server (the first of the connect string) has received so far, from
     * its {@code srvr} four-letter command; -1 when it does not answer it (not in its
     * {@code 4lw.commands.whitelist}).
     */
    long requestsReceived() {
        try (Socket s = new Socket(fourLetter.host(), fourLetter.port())) {
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
            Matcher m = RECEIVED.matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        if (target != null) {
            try {
                target.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        if (zk != null) {
            try {
                zk.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
