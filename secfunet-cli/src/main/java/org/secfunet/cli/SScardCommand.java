package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.tls.Pump;
import org.secfunet.tls.TunnelServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `secfunet s_scard`: openssl s_client's habits, the handshake done by the card. */
@Command(name = "s_scard", mixinStandardHelpOptions = true,
        description = {"TLS client whose handshake runs in the EAP-TLS card; the host relays, then carries the records.",
                "Copies stdin to the server and the server to stdout until EOF. With -accept: a tunnel (stunnel-like)."})
final class SScardCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    RacsClientOptions racs;
    @Mixin
    DebugOption debug;
    @Mixin
    TraceOptions trace;
    @Mixin
    CardTlsOptions tls;
    @Mixin
    Tunnel tunnel;

    @Option(names = "-connect", required = true, paramLabel = "HOST:PORT", description = "The TLS server.")
    String connect;
    @Option(names = "-r", required = true, arity = "1..*", paramLabel = "READER", description = "Card reader(s): PC/SC index or name, vcard:FILE, racs://HOST:PORT/SEID.")
    List<String> readers;
    @Option(names = "-identity", defaultValue = "", paramLabel = "LABEL", description = "Card identity to use (default: the card's preferred one).")
    String identity;
    @Option(names = "-pass", paramLabel = "SPEC", description = "Card PIN: pass:…, env:…, file:…, stdin, pinpad (typed on the reader's pinpad: the PIN never passes the host) or auto "
            + "(the pinpad when the reader has one, else prompted; the default when neither -pass nor the positional PIN is given).")
    String pass;
    @Parameters(arity = "0..1", paramLabel = "PIN", description = "The seed's positional PIN (visible in the process list: prefer -pass).")
    String positionalPin;
    @Option(names = "-quiet", description = "No session summary.")
    boolean quiet;
    @Option(names = "-brief", description = "Only a short summary.")
    boolean brief;
    @Option(names = "-extended", description = "Force extended APDUs (default: extended when the reader and the card allow them, else short).")
    boolean extended;
    @Option(names = "-short", description = "Force short APDUs (More-bit parts and FETCH, as the draft's traces); not with -extended.")
    boolean shortApdus;
    @Option(names = "-msg", description = "Show the TLS records relayed during the handshake.")
    boolean msg;
    @Option(names = "-debug", description = "As -msg, plus every APDU in hex (like --trace hex).")
    boolean debugTls;
    @Option(names = "-handshake_timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Bound on the whole TLS handshake with the server, however slowly it answers (default ${DEFAULT-VALUE}).")
    int handshakeTimeout;

    @Override
    public void run() {
        InetSocketAddress target = HostPortOption.parse(connect, "-connect").socketAddress();
        InetSocketAddress listen = tunnel.accept == null ? null : tunnel.listen();
        tls.versions.check();
        RunUntil.check(handshakeTimeout, "-handshake_timeout must be at least 1 second");
        if (debugTls) {
            trace.level = "hex";
            msg = true;
        }
        if (extended && shortApdus) {
            throw new UserException("give -short or -extended, not both (neither: extended APDUs when the reader and the card allow them)", Errors.USAGE);
        }
        ApduMode mode = extended ? ApduMode.EXTENDED : shortApdus ? ApduMode.SHORT : ApduMode.AUTO;
        if (tunnel.accept == null && readers.size() != 1) {
            throw new UserException("give one -r READER (several only with -accept)", Errors.USAGE);
        }
        if (positionalPin != null && pass != null) {
            throw new UserException("give the PIN as -pass SPEC or as the positional PIN, not both", Errors.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<EapSmartcard> cards = new ArrayList<>();
        try (CardPin pin = CardPin.of(positionalPin != null ? "pass:" + positionalPin : pass, "-pass", "Card PIN: ");
                Tracer tracer = trace.open()) {
            if (!pin.pinPadAllowed()) {
                pin.typed(); // read (stdin, a file...) before any card is touched
            }
            Readers resolver = racs.readers();
            for (String r : readers) {
                EapSmartcard card = new EapSmartcard(UserInput.parse(() -> resolver.connect(r, ConnectOptions.DEFAULT)), tracer, mode);
                cards.add(card);
                card.select();
                pin.present(card.session().readerName(), card::hasPinPad, card::verifyPinOnPinPad, card::verifyPin, quiet ? null : err);
            }
            String label = identity.isEmpty() ? cards.get(0).preferredIdentity() : identity;
            if (tunnel.accept != null) {
                tunnel(cards, label, listen, target, out, err);
            } else {
                single(cards.get(0), label, target, out, err);
            }
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        } finally {
            cards.forEach(EapSmartcard::close);
        }
    }

    private void single(EapSmartcard card, String label, InetSocketAddress target, PrintWriter out, PrintWriter err) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            try {
                s.connect(target, 10_000);
            } catch (IOException e) {
                throw new UserException("cannot connect to " + target.getHostString() + ":" + target.getPort() + ": " + e.getMessage());
            }
            if (!quiet) {
                err.println("CONNECTED(" + target.getHostString() + ":" + target.getPort() + ")");
            }
            // a server that stops answering, or trickles, mid-handshake is an error, not a hang; interactive data may idle after it
            CardTlsClient.Handshake h = CardTlsClient.connect(card, label, tls.forCard(), s, Duration.ofSeconds(handshakeTimeout), Instant.now(),
                    m -> {
                        if (msg) {
                            err.println(m);
                            err.flush();
                        }
                    }, false);
            card.close(); // the card is released: the host carries the session on
            if (!quiet) {
                err.println("---");
                if (!brief) {
                    err.println("Server certificate subject: " + h.serverSubject());
                    err.println("Verification: OK (validated by the card against its CA set)");
                    err.println("Client certificate: the card's, identity '" + label + "'");
                }
                err.println("Protocol: " + h.version() + ", Cipher: " + h.cipherSuite());
                err.printf("Handshake: %.1f ms in the card path, %d APDUs, %d EAP rounds, %d/%d bytes to/from the card%n",
                        h.nanos() / 1e6, h.apdus(), h.rounds(), h.bytesToCard(), h.bytesFromCard());
                err.println("---");
                err.flush();
            }
            long[] bytes = Pump.run(h.connection(), System.in, System.out, 5000);
            if (!quiet) {
                err.println("---");
                err.println("DONE: wrote " + bytes[0] + " bytes, read " + bytes[1] + " bytes");
            }
        }
    }

    private void tunnel(List<EapSmartcard> cards, String label, InetSocketAddress listen, InetSocketAddress target, PrintWriter out,
                        PrintWriter err) throws IOException {
        RunUntil.check(tunnel.seconds, "-for must be at least 1 second");
        RunUntil stop = RunUntil.signalled();
        try (TunnelServer t = new TunnelServer(listen, cards, label, target, tunnel.maxConnections, 60_000,
                Duration.ofSeconds(handshakeTimeout), m -> {
            err.println(m);
            err.flush();
        }).start()) {
            out.println("ready: tunnel " + listen.getHostString() + ":" + t.port() + " -> " + target.getHostString() + ":" + target.getPort()
                    + " with " + cards.size() + " card(s)");
            out.flush();
            if (stop.await(tunnel.seconds)) {
                out.println("stopped after " + t.handshakes() + " handshakes, " + t.failures() + " failures");
            }
        }
    }

    /** Tunnel mode: -accept, -max-connections, -for. */
    static final class Tunnel {
        @Option(names = "-accept", paramLabel = "[HOST:]PORT", description = "Tunnel mode: listen here; each connection gets its own card-authenticated TLS connection.")
        String accept;
        @Option(names = "-max-connections", defaultValue = "64", description = "Tunnel mode: connections at once (default ${DEFAULT-VALUE}).")
        int maxConnections;
        @Option(names = "-for", paramLabel = "SECONDS", description = "Tunnel mode: stop after this many seconds.")
        Integer seconds;

        /** -accept as HOST:PORT, or a PORT on 127.0.0.1. */
        InetSocketAddress listen() {
            return (accept.contains(":") ? HostPortOption.parseListen(accept, "-accept") : HostPortOption.listenPort(accept, "-accept")).socketAddress();
        }
    }
}
