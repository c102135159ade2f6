package org.secfunet.grid.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import org.secfunet.service.HostPort;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.pcsc.CardDevice;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * A whole grid on loopback for the load test, the benchmark and the demo: N software EAP-TLS cards
 * in a RACS server (or used directly), an s_hypervisor whose VMs vm-1..vm-V share the cards round
 * robin, and a TLS server that requires client certificates. Every file an operator would write
 * (PEM, TOML) is written to {@code dir}, so the setup doubles as a worked example.
 */
public final class GridLab implements AutoCloseable {
    public static final String PIN = "1234";

    /**
     * What to build: cards, VMs, cards behind RACS or used in place, the queue wait, and how long
     * the hypervisor keeps a verified card open after a handshake ({@code limits.card_keep_ms}).
     */
    public record Shape(int cards, int vms, boolean viaRacs, long queueWaitMillis, int maxWaiters, long cardKeepMillis) {
        public Shape {
            if (cards < 1 || cards > 64 || vms < 1 || vms > cards) {
                throw new IllegalArgumentException("a lab needs 1..64 cards and 1..cards VMs");
            }
        }

        /** A shape with the hypervisor's default card keep time. */
        public Shape(int cards, int vms, boolean viaRacs, long queueWaitMillis, int maxWaiters) {
            this(cards, vms, viaRacs, queueWaitMillis, maxWaiters, HypervisorConfig.DEFAULT_CARD_KEEP_MS);
        }
    }

    private final Path dir;
    private final Shape shape;
    private final ThrowawayPki web = ThrowawayPki.create("Lab Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
    private final ThrowawayPki grid = ThrowawayPki.create("Lab Grid CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
    private final EmbeddedTlsServer target;
    private final String seFirewall;
    private final UnaryOperator<CardDevice> racsCards;
    private RacsServer racs;
    private int racsPort;
    private Hypervisor hypervisor;

    private GridLab(Path dir, Shape shape, String seFirewall, UnaryOperator<CardDevice> racsCards) throws Exception {
        this.dir = dir;
        this.shape = shape;
        this.seFirewall = seFirewall;
        this.racsCards = racsCards;
        ThrowawayPki.Credential server = web.server("localhost");
        target = new EmbeddedTlsServer(server.key(), server.certificate(), web.ca().certificate());
    }

    public static GridLab start(Path dir, Shape shape) throws Exception {
        return start(dir, shape, "");
    }

    /** A lab whose RACS server gives every SE the firewall keys {@code seFirewall} (TOML lines of an [[se]] table: allow, deny, aids). */
    public static GridLab start(Path dir, Shape shape, String seFirewall) throws Exception {
        return start(dir, shape, seFirewall, null);
    }

    /**
     * As {@link #start(Path, Shape, String)}, the RACS server's software cards passed through
     * {@code racsCards} at each power-on (the benchmark's real-card latency model), or used as
     * they are when it is null.
     */
    public static GridLab start(Path dir, Shape shape, String seFirewall, UnaryOperator<CardDevice> racsCards) throws Exception {
        GridLab lab = new GridLab(dir, shape, seFirewall, racsCards);
        try {
            lab.build();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    private void build() throws Exception {
        Files.writeString(dir.resolve("grid-ca.pem"), ThrowawayPki.pem(grid.ca().certificate()));
        for (int i = 1; i <= shape.cards(); i++) {
            ThrowawayPki.Credential c = web.client("card-" + i + "@lab.local");
            EapCards.personalized(dir.resolve("card-" + i + ".sfn"), "lab card " + i, PIN.toCharArray(), "12345678".toCharArray(),
                    c.key(), c.certificate(), web.ca().certificate(), "web", "card-" + i + "@lab.local");
        }
        issue("racs-server", true);
        issue("hypervisor", true);
        issue("hypervisor-racs", false);
        if (shape.viaRacs()) {
            startRacs(0);
        }
        LabHypervisorToml hv = new LabHypervisorToml("127.0.0.1:0").metrics("127.0.0.1:0")
                .queue(shape.queueWaitMillis(), shape.maxWaiters()).limits(200, shape.cardKeepMillis());
        for (int i = 1; i <= shape.cards(); i++) {
            hv.card("c" + i, shape.viaRacs() ? "racs://127.0.0.1:" + racsPort + "/se" + i : "vcard:card-" + i + ".sfn", "pass:" + PIN);
        }
        for (int v = 1; v <= shape.vms(); v++) {
            List<String> cards = new ArrayList<>();
            for (int i = v; i <= shape.cards(); i += shape.vms()) {
                cards.add("c" + i);
            }
            hv.vm("vm-" + v, cards);
        }
        Files.writeString(dir.resolve("hypervisor.toml"), hv.text());
        hypervisor = new Hypervisor(HypervisorConfig.load(dir.resolve("hypervisor.toml"))).start();
    }

    /** Starts the RACS server (port 0: any free port, else that port again after a restart). */
    public void startRacs(int port) throws Exception {
        Files.writeString(dir.resolve("racs.toml"), new LabRacsToml("127.0.0.1:" + port).cards(1, shape.cards()).eachSe(seFirewall + "\n").text());
        RacsServerConfig config = RacsServerConfig.load(dir.resolve("racs.toml"));
        racs = racsCards == null ? new RacsServer(config) : new RacsServer(config, this::wrappedCard);
        racs.start();
        racsPort = racs.port();
    }

    /** A RACS power-on of a lab card ({@code vcard:FILE}, as the RACS config resolved it) through {@link #racsCards}. */
    private CardSession wrappedCard(String address) {
        if (!address.startsWith("vcard:")) {
            throw new IllegalArgumentException("a lab card is a vcard: address, not " + address);
        }
        OpenCard open = VirtualCards.open(Path.of(address.substring("vcard:".length())));
        return new InProcessSession(racsCards.apply(open.card()), address, open::close);
    }

    public void stopRacs() {
        if (racs != null) {
            racs.close();
            racs = null;
        }
    }

    private Path[] issue(String name, boolean server) throws IOException {
        return grid.issueFiles(dir, name, server);
    }

    /** A VM's TLS context toward the hypervisor (its certificate has CN = name). */
    public SSLContext vm(String name) throws Exception {
        Path[] f = issue(name, false);
        return PemTls.context(f[1], f[0], dir.resolve("grid-ca.pem"));
    }

    public HostPort hypervisorAddress() {
        return new HostPort("127.0.0.1", hypervisor.port());
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** The RACS server (null while stopped). */
    public RacsServer racs() {
        return racs;
    }

    public int racsPort() {
        return racsPort;
    }

    public int targetPort() {
        return target.port();
    }

    public Path card(int i) {
        return dir.resolve("card-" + i + ".sfn");
    }

    public ThrowawayPki webPki() {
        return web;
    }

    @Override
    public void close() {
        if (hypervisor != null) {
            hypervisor.close();
        }
        stopRacs();
        try {
            target.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
