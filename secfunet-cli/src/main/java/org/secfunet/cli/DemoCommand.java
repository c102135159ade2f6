package org.secfunet.cli;

import org.secfunet.card.runtime.OpenCard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.tls.TlsConnection;
import org.secfunet.tls.demo.EmbeddedTlsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The README's main job: SecFuNet end to end on embedded defaults, step by step. */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoSdkCommand.class,
        description = {"A throwaway PKI, a software EAP-TLS card personalized with it, a TLS server that requires client",
                "certificates, and s_scard between them: the card does the handshake, the host the records."})
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Option(names = "--apdus", description = "Show every APDU of the handshake.")
    boolean apdus;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("secfunet-demo");
            out.println("1. throwaway PKI: a CA, a server certificate for localhost, a client certificate for the card (EC P-256)");
            ThrowawayPki pki = ThrowawayPki.create("secfunet demo CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
            ThrowawayPki.Credential server = pki.server("localhost");
            ThrowawayPki.Credential client = pki.client("card@demo.secfunet");
            Path store = dir.resolve("demo-card.sfn");
            EapCards.init(store, "demo card", "1234".toCharArray(), "12345678".toCharArray());
            OpenCard open = VirtualCards.open(store);
            Tracer tracer = apdus ? Tracer.to(System.out, TraceLevel.APDU) : Tracer.OFF;
            try (EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "vcard:demo-card.sfn", open::close), tracer);
                 EmbeddedTlsServer tls = new EmbeddedTlsServer(server.key(), server.certificate(), pki.ca().certificate())) {
                card.select();
                card.verifyPuk("12345678".toCharArray());
                card.putPrivateKey(client.key().getEncoded());
                card.appendCertificate(client.certificate().getEncoded());
                card.addCa(pki.ca().certificate().getEncoded());
                card.addIdentity("web", "card@demo.secfunet", "peer", true);
                out.println("2. software EAP-TLS card created and personalized over APDUs (key, certificate, CA, identity 'web'); its store is encrypted");
                out.println("3. TLS server on 127.0.0.1:" + tls.port() + " requiring client certificates from the demo CA");
                card.verifyPin("1234".toCharArray());
                out.println("4. PIN verified; s_scard connects: the card runs the TLS handshake, the host relays records in EAP-TLS in APDUs");
                out.flush();
                try (Socket s = new Socket("127.0.0.1", tls.port())) {
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(30_000);
                    CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", s.getInputStream(), s.getOutputStream(), Instant.now());
                    out.printf("5. handshake done in the card: %s %s, server %s, %d APDUs, %d EAP rounds, %.1f ms%n",
                            h.version(), h.cipherSuite(), h.serverSubject(), h.apdus(), h.rounds(), h.nanos() / 1e6);
                    out.println("6. record keys exported once and wiped in the card; the card is released, the host carries the session");
                    TlsConnection c = h.connection();
                    c.getOutputStream().write("hello from SecFuNet\n".getBytes(StandardCharsets.UTF_8));
                    String answer = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    out.println("7. sent 'hello from SecFuNet', server answered: " + answer);
                    c.dispose();
                }
            }
            out.println("done: the private key never left the card; the server authenticated the card's certificate.");
        } catch (RuntimeException e) {
            throw e; // a card or reader failure is reported as such, anything else is a bug
        } catch (Exception e) {
            throw new UserException("demo failed: " + e.getMessage());
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (java.io.IOException ignored) {
                    // temp dir
                }
            }
        }
    }
}
