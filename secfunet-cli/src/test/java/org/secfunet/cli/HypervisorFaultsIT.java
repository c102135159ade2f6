package org.secfunet.cli;

import org.secfunet.service.CardPool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.hypervisor.GridPki;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.service.HostPort;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.tls.TestCards;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * s_hypervisor over a card in a real PC/SC reader (pcscd + vpcd): the card is pulled out in the
 * middle of a VM's handshake; the VM gets a clear error, the card leaves the pool, and rejoins by
 * itself when it is back.
 */
@ExtendWith(NeedsPcscd.class)
class HypervisorFaultsIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void aCardRemovedMidHandshakeFailsThatVmAndRejoinsThePoolWhenItReturns() throws Exception {
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        Path store = TestCards.personalized(dir, web, web, "card-p");
        GridPki grid = new GridPki(dir);
        grid.issue("hypervisor", true);
        Files.writeString(dir.resolve("hv.toml"), """
                listen = "127.0.0.1:0"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [limits]
                probe_ms = 200
                [[card]]
                id = "p1"
                reader = "%s"
                pin = "pass:1234"
                [[vm]]
                name = "vm-a"
                cards = ["p1"]
                """.formatted(PcscTestEnv.reader(0)));
        ThrowawayPki.Credential sc = web.server("localhost");
        try (EmbeddedTlsServer target = new EmbeddedTlsServer(sc.key(), sc.certificate(), web.ca().certificate());
             PausingProxy proxy = new PausingProxy(target.port());
             Hypervisor hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start()) {
            VcardServer card = PcscTestEnv.serve(store);
            try {
                CompletableFuture<Object> vm = CompletableFuture.supplyAsync(() -> {
                    try (VmClient.Session s = VmClient.connect(new HostPort("127.0.0.1", hv.port()), grid.client("vm-a"),
                            VmRequest.parse("CONNECT 127.0.0.1:" + proxy.port() + " mode=tunnel"), null, 30_000)) {
                        return s;
                    } catch (Exception e) {
                        return e;
                    }
                });
                assertThat(proxy.serverSpoke.await(20, TimeUnit.SECONDS)).as("the server answered the card's ClientHello").isTrue();
                card.close(); // the card is pulled out while the server's flight is held back
                PcscTestEnv.await("card gone", Duration.ofSeconds(10), () -> !PcscTestEnv.present(PcscTestEnv.reader(0)));
                proxy.resume.countDown();
                Object outcome = vm.get(30, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOfSatisfying(VmRefusedException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo("card");
                    assertThat(e.getMessage()).contains("card p1 failed");
                });
                assertThat(hv.pool().state("p1")).isEqualTo(CardPool.State.OUT);
            } finally {
                card.close();
            }
            // the card comes back: the probe returns it to the pool and the VM is served again
            try (VcardServer again = PcscTestEnv.serve(store)) {
                PcscTestEnv.await("card back in the pool", Duration.ofSeconds(15), () -> hv.pool().state("p1") == CardPool.State.FREE);
                proxy.resume.countDown();
                try (VmClient.Session s = VmClient.connect(new HostPort("127.0.0.1", hv.port()), grid.client("vm-a"),
                        VmRequest.parse("CONNECT 127.0.0.1:" + target.port() + " mode=handoff"), null, 30_000)) {
                    s.out().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    s.out().flush();
                    byte[] buf = new byte[200];
                    int n = s.in().read(buf);
                    assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).contains("echo: ping").contains("card-p");
                }
            }
        }
    }

    /** Relays one TCP connection to a server, holding the server's first answer until told to go on. */
    static final class PausingProxy implements AutoCloseable {
        final CountDownLatch serverSpoke = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        private final ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final Thread acceptor;

        PausingProxy(int targetPort) throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                try (Socket c = listener.accept(); Socket s = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                    Thread up = Thread.ofVirtual().start(() -> copy(c, s, false));
                    copy(s, c, true);
                    up.join(5_000);
                } catch (IOException | InterruptedException ignored) {
                    // test over
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private void copy(Socket from, Socket to, boolean hold) {
            byte[] buf = new byte[4096];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (hold) {
                        serverSpoke.countDown();
                        resume.await(30, TimeUnit.SECONDS);
                        hold = false;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            acceptor.interrupt();
        }
    }
}
