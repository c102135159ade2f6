package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.peer.CardEapolTest;
import org.secfunet.radius.peer.RadiusClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet eapol_test`: wpa_supplicant's eapol_test with the card as the EAP-TLS peer. */
@Command(name = "eapol_test", mixinStandardHelpOptions = true,
        description = {"Authenticate the card (EAP-TLS peer) to a RADIUS server, this host relaying as the authenticator (NAS);",
                "prints SUCCESS or FAILURE and checks the MPPE keys against the card's MSK. Exit 0 on SUCCESS, 1 on FAILURE."})
final class EapolTestCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    ReaderOption reader;
    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "-a", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "RADIUS server address (default ${DEFAULT-VALUE}).")
    String server;
    @Option(names = "-p", defaultValue = "1812", paramLabel = "PORT", description = "RADIUS server port (default ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "-s", paramLabel = "SPEC", description = "RADIUS shared secret: pass:…, env:…, file:…, stdin (default pass:radius, as eapol_test).")
    String secret;
    @Option(names = "-t", defaultValue = "30", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    int timeout;
    @Option(names = "-identity", paramLabel = "LABEL", description = "Card identity (default: the card's preferred one).")
    String identity;
    @Option(names = "-pass", paramLabel = "SPEC", description = "Card PIN: pass:…, env:…, file:…, stdin, pinpad (typed on the reader's pinpad: "
            + "the PIN never passes the host) or auto (the pinpad when the reader has one, else prompted; the default).")
    String pass;
    @Option(names = "-M", defaultValue = "02-00-00-00-00-01", paramLabel = "MAC", description = "Calling-Station-Id (default ${DEFAULT-VALUE}).")
    String mac;
    @Option(names = "-v", description = "Show each RADIUS round.")
    boolean verbose;

    @Override
    public void run() {
        if (port < 1 || port > 65535) {
            throw new UserException("-p " + port + " is not a port", Errors.USAGE);
        }
        if (timeout < 1 || timeout > 600) {
            throw new UserException("-t must be 1..600 seconds", Errors.USAGE);
        }
        byte[] key = new String(secret == null ? "radius".toCharArray() : SecretSource.read(secret, "-s", "RADIUS shared secret: ")).getBytes(StandardCharsets.UTF_8);
        CardPin pin = CardPin.of(pass, "-pass", "Card PIN: ");
        if (!pin.pinPadAllowed()) {
            pin.typed(); // read (stdin, a file...) before any card is touched, as before
        }
        PrintWriter out = spec.commandLine().getOut();
        int perTry = 3000;
        int tries = Math.max(1, Math.min(10, timeout * 1000 / perTry));
        try (pin; var tracer = diagnostics.openTrace();
             RadiusClient nas = new RadiusClient(new InetSocketAddress(server, port), key, perTry, tries);
             EapSmartcard card = new EapSmartcard(reader.connect(ConnectOptions.DEFAULT), tracer)) {
            card.select();
            pin.present(card.session().readerName(), card::hasPinPad, card::verifyPinOnPinPad, card::verifyPin, spec.commandLine().getErr());
            pin.close();
            card.setIdentity(identity == null ? card.preferredIdentity() : identity);
            CardEapolTest.Result r = CardEapolTest.run(card, nas, mac, line -> {
                if (verbose || line.startsWith("MPPE")) {
                    out.println(line);
                    out.flush();
                }
            });
            out.println("EAP identity: " + r.identity() + ", " + r.radiusRounds() + " RADIUS round trips");
            if (!r.success()) {
                out.println("FAILURE: " + r.reason());
                out.flush();
                throw new UserException("FAILURE: " + r.reason());
            }
            out.println("SUCCESS");
        } catch (IOException e) {
            out.println("FAILURE");
            out.flush();
            throw new UserException(e.getMessage());
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
